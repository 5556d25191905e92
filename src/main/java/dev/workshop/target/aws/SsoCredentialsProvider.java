package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.cache.CachedSupplier;
import software.amazon.awssdk.utils.cache.RefreshResult;

/**
 * Role credentials for an IAM Identity Center profile: the cached SSO access token (refreshed through SSO-OIDC for
 * sso-session profiles, and written back like the CLI does) is exchanged for role credentials with the portal's
 * GetRoleCredentials. Those are cached until shortly before they expire.
 *
 * <p>We do this ourselves instead of using the SDK's SsoProfileCredentialsProvider so that the cache directory
 * follows the injected home directory, the token's expiry can be reported by {@code status}, and an expired session
 * becomes one actionable message instead of an SDK stack trace.
 */
final class SsoCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
    /** Like the SDKs, refresh the access token this long before it expires. */
    static final Duration TOKEN_REFRESH_WINDOW = Duration.ofMinutes(5);

    private final String profileName;
    private final String cacheKey;
    private final String accountId;
    private final String roleName;
    private final SsoTokenCache cache;
    private final SsoClient sso;
    private final SsoOidcClient oidc;
    private final Clock clock;
    private final CachedSupplier<AwsCredentials> credentials;

    /**
     * @param cacheKey the sso-session name, or the start URL for a legacy profile
     * @param oidc the SSO-OIDC client for refreshing, or null for a legacy profile (whose token cannot be refreshed)
     */
    SsoCredentialsProvider(String profileName, String cacheKey, String accountId, String roleName,
            SsoTokenCache cache, SsoClient sso, SsoOidcClient oidc, Clock clock) {
        this.profileName = profileName;
        this.cacheKey = cacheKey;
        this.accountId = accountId;
        this.roleName = roleName;
        this.cache = cache;
        this.sso = sso;
        this.oidc = oidc;
        this.clock = clock;
        this.credentials = CachedSupplier.builder(this::fetchRoleCredentials)
                .cachedValueName("SSO role credentials for profile " + profileName)
                .clock(clock)
                .build();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return credentials.get();
    }

    /** The access token's expiry as cached now (after any refresh this process made); empty when not signed in. */
    Optional<Instant> tokenExpiry() {
        return cache.read(cacheKey).map(SsoTokenCache.Token::expiresAt);
    }

    String profileName() {
        return profileName;
    }

    private RefreshResult<AwsCredentials> fetchRoleCredentials() {
        SsoTokenCache.Token token = usableToken();
        RoleCredentials rc;
        try {
            rc = sso.getRoleCredentials(r -> r.accountId(accountId).roleName(roleName).accessToken(token.accessToken()))
                    .roleCredentials();
        } catch (UnauthorizedException e) {
            throw rejected(token.expiresAt(), e);
        } catch (SdkException e) {
            throw new WorkshopException(3, "Could not get credentials for role " + roleName + " in account "
                    + accountId + " (profile " + profileName + "): " + e.getMessage(),
                    "check the account and role on your voucher, then: " + SsoSignIn.loginFix(profileName), e);
        }
        Instant expiration = Instant.ofEpochMilli(rc.expiration());
        AwsSessionCredentials session = AwsSessionCredentials.builder()
                .accessKeyId(rc.accessKeyId())
                .secretAccessKey(rc.secretAccessKey())
                .sessionToken(rc.sessionToken())
                .expirationTime(expiration)
                .accountId(accountId)
                .providerName("workshop-sso")
                .build();
        // Stale one minute before expiry (must fetch), prefetched five minutes before (may fetch).
        return RefreshResult.builder((AwsCredentials) session)
                .staleTime(expiration.minus(Duration.ofMinutes(1)))
                .prefetchTime(expiration.minus(Duration.ofMinutes(5)))
                .build();
    }

    /** The cached access token, refreshed first when it has expired or is about to and a refresh is possible. */
    synchronized SsoTokenCache.Token usableToken() {
        Instant now = clock.instant();
        SsoTokenCache.Token token = cache.read(cacheKey).orElseThrow(() -> new WorkshopException(3,
                "You are not signed in to AWS SSO for profile " + profileName + " (no cached token in "
                        + cache.file(cacheKey).getParent() + ").",
                SsoSignIn.loginFix(profileName)));
        boolean nearExpiry = token.expiresAt() == null || !now.isBefore(token.expiresAt().minus(TOKEN_REFRESH_WINDOW));
        if (nearExpiry && oidc != null && token.refreshableAt(now)) {
            try {
                CreateTokenResponse r = oidc.createToken(b -> b.grantType("refresh_token")
                        .clientId(token.clientId())
                        .clientSecret(token.clientSecret())
                        .refreshToken(token.refreshToken()));
                Instant expiresAt = clock.instant().plusSeconds(r.expiresIn() == null ? 0 : r.expiresIn());
                return cache.writeRefreshed(cacheKey, token, r.accessToken(), expiresAt, r.refreshToken());
            } catch (SdkException e) {
                // A refused refresh (revoked session, expired registration) is what `aws sso login` fixes; until the
                // old token actually expires it is still good.
                if (token.expiredAt(now)) throw expired(token.expiresAt(), e);
                return token;
            }
        }
        if (token.expiredAt(now)) throw expired(token.expiresAt(), null);
        return token;
    }

    private WorkshopException expired(Instant at, Throwable cause) {
        String when = at == null ? "" : " (at " + at + ")";
        return new WorkshopException(3, "Your SSO session for profile " + profileName + " has expired" + when + ".",
                SsoSignIn.loginFix(profileName), cause);
    }

    /**
     * The portal refused the token. Before its expiry that means it was revoked (signed out elsewhere, session ended
     * by an administrator), and saying "expired at" a time still to come would only confuse.
     */
    private WorkshopException rejected(Instant at, Throwable cause) {
        if (at == null || !clock.instant().isBefore(at)) return expired(at, cause);
        return new WorkshopException(3, "AWS no longer accepts your SSO session for profile " + profileName
                + ": it was signed out or revoked (it would otherwise have lasted until " + at + ").",
                SsoSignIn.loginFix(profileName), cause);
    }

    @Override
    public void close() {
        credentials.close();
    }
}
