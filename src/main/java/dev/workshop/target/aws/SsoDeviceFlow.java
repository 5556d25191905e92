package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.ExpiredTokenException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.SlowDownException;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

/**
 * The OAuth 2.0 device authorization grant against IAM Identity Center (SSO-OIDC), as AWS CLI v2 runs it for
 * {@code aws sso login --use-device-code} (awscli/botocore/utils.py, {@code SSOTokenFetcher}): reuse or make a
 * client registration (RegisterClient), StartDeviceAuthorization, one CreateToken attempt, then show the code and poll
 * CreateToken every {@code interval} seconds (5 when the service names none), 5 seconds more after each
 * {@code slow_down} (RFC 8628 section 3.5). It needs no browser on this machine: the user opens the URL anywhere.
 *
 * <p>Unlike the CLI, the poll also stops by itself when the device code's {@code expiresIn} has passed, so a
 * service that never answers {@code expired_token} cannot keep it waiting forever.
 */
final class SsoDeviceFlow {
    /** The grant type of RFC 8628 section 3.4. */
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    /** The CLI registers anew when its registration has less than this left (BaseSSOTokenFetcher._EXPIRY_WINDOW). */
    static final Duration EXPIRY_WINDOW = Duration.ofMinutes(15);

    /** Waits between polls; tests pass one that moves a clock instead of sleeping. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What the user must do: open {@code urlComplete} (or {@code url} and type {@code userCode}). */
    record Prompt(String url, String urlComplete, String userCode, Instant expiresAt) {}

    /** What the flow reports on the way: the prompt once, then each wait. */
    interface Listener {
        void prompt(Prompt p);

        default void waiting(Duration interval) {}
    }

    private final SsoOidcClient oidc;
    private final SsoTokenCache cache;
    private final Clock clock;
    private final Sleeper sleeper;

    SsoDeviceFlow(SsoOidcClient oidc, SsoTokenCache cache, Clock clock, Sleeper sleeper) {
        this.oidc = oidc;
        this.cache = cache;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Signs in and writes the token (and the client registration) to the cache, where the CLI and the SDKs find it.
     *
     * @throws WorkshopException exit 3 when the code expires or the sign-in is denied; exit 1 when SSO-OIDC fails
     */
    SsoTokenCache.Token signIn(String sessionName, String startUrl, String ssoRegion, List<String> scopes,
            Listener listener) {
        SsoTokenCache.Registration registration = registration(sessionName, startUrl, ssoRegion, scopes);
        StartDeviceAuthorizationResponse auth;
        try {
            auth = oidc.startDeviceAuthorization(b -> b.clientId(registration.clientId())
                    .clientSecret(registration.clientSecret()).startUrl(startUrl));
        } catch (SdkException e) {
            throw failed("start the sign-in at " + startUrl, e);
        }
        Instant codeExpiresAt = clock.instant().plusSeconds(auth.expiresIn() == null ? 600 : auth.expiresIn());
        Duration interval = auth.interval() == null || auth.interval() <= 0
                ? DEFAULT_INTERVAL : Duration.ofSeconds(auth.interval());
        // The CLI tries once before showing the code: a pre-approved client needs no prompt at all.
        boolean first = true;
        while (true) {
            try {
                CreateTokenResponse r = oidc.createToken(b -> b.grantType(DEVICE_GRANT)
                        .clientId(registration.clientId()).clientSecret(registration.clientSecret())
                        .deviceCode(auth.deviceCode()));
                Instant expiresAt = clock.instant().plusSeconds(r.expiresIn() == null ? 0 : r.expiresIn());
                return cache.writeNew(sessionName != null ? sessionName : startUrl, startUrl, ssoRegion,
                        r.accessToken(), expiresAt, registration, r.refreshToken());
            } catch (AuthorizationPendingException e) {
                // Not approved yet: keep the interval.
            } catch (SlowDownException e) {
                interval = interval.plus(SLOW_DOWN_STEP);
            } catch (ExpiredTokenException e) {
                throw codeExpired(e);
            } catch (AccessDeniedException e) {
                throw new WorkshopException(3, "The sign-in was denied in the browser (SSO-OIDC: access_denied), so"
                        + " you are not signed in.", "workshop login   (then choose Allow on the page it shows)", e);
            } catch (SdkException e) {
                // An interrupt during the request (the SDK aborts it) is a cancel, not a service failure.
                if (e instanceof AbortedException || Thread.currentThread().isInterrupted()) throw interrupted(e);
                throw failed("finish the sign-in", e);
            }
            if (first) {
                listener.prompt(new Prompt(auth.verificationUri(), auth.verificationUriComplete(), auth.userCode(),
                        codeExpiresAt));
                first = false;
            }
            if (!clock.instant().plus(interval).isBefore(codeExpiresAt)) throw codeExpired(null);
            listener.waiting(interval);
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(e);
            }
        }
    }

    /** The cached registration when it has more than 15 minutes left, as the CLI reuses it; else a new one. */
    private SsoTokenCache.Registration registration(String sessionName, String startUrl, String ssoRegion,
            List<String> scopes) {
        Path file = cache.registrationFile(startUrl, ssoRegion, scopes, sessionName);
        SsoTokenCache.Registration cached = cache.readRegistration(file);
        Instant now = clock.instant();
        if (cached != null && cached.expiresAt() != null && now.plus(EXPIRY_WINDOW).isBefore(cached.expiresAt())) {
            return cached;
        }
        RegisterClientResponse r;
        try {
            // The CLI's client name (BaseSSOTokenFetcher._generate_client_name); "public" is the only client type.
            String name = "botocore-client-" + (sessionName != null ? sessionName : now.getEpochSecond());
            r = oidc.registerClient(b -> {
                b.clientName(name).clientType("public");
                if (scopes != null && !scopes.isEmpty()) b.scopes(scopes);
            });
        } catch (SdkException e) {
            throw failed("register this machine with IAM Identity Center in " + ssoRegion, e);
        }
        SsoTokenCache.Registration registration = new SsoTokenCache.Registration(r.clientId(), r.clientSecret(),
                Instant.ofEpochSecond(r.clientSecretExpiresAt() == null ? 0 : r.clientSecretExpiresAt()));
        cache.writeRegistration(file, registration, scopes);
        return registration;
    }

    private static WorkshopException interrupted(Throwable cause) {
        return new WorkshopException(3, "Sign-in interrupted before it was approved; nothing was changed.",
                "workshop login", cause);
    }

    private static WorkshopException codeExpired(Throwable cause) {
        return new WorkshopException(3, "The sign-in code expired before it was approved in the browser"
                + " (SSO-OIDC: expired_token); you are not signed in.",
                "workshop login   (and approve the new code within the minutes it shows)", cause);
    }

    private static WorkshopException failed(String doing, SdkException e) {
        return new WorkshopException(1, "Could not " + doing + ": " + e.getMessage(),
                "Check the start URL and SSO region on your voucher and your network, then: workshop login", e);
    }
}
