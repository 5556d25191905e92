package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.AccountInfo;
import software.amazon.awssdk.services.sso.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sso.model.SsoException;
import software.amazon.awssdk.services.sso.model.RoleInfo;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;

/**
 * {@code workshop login} and {@code logout} without the AWS CLI: the device-code sign-in, then the profile written as
 * {@code aws configure sso} writes it, so that {@code aws --profile NAME} works with the same token afterwards.
 *
 * <p>Order matters for an interrupted login: every check runs first, the config is written last and in one rename.
 * Until then the only new files are the token and registration in the SSO cache, which the CLI writes at the same
 * point of its own flow.
 */
public final class SsoSignIn {
    public static final String DEFAULT_PROFILE = "dynamodb-workshop";
    /** What {@code aws configure sso} suggests and needs for a refreshable token. */
    static final String SCOPE = "sso:account:access";
    private static final List<String> CREDENTIAL_KEYS = List.of("aws_access_key_id", "role_arn", "credential_process",
            "sso_start_url", "web_identity_token_file", "credential_source", "source_profile");

    private SsoSignIn() {}

    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** The user's side: lines to read and, on a terminal, a choice among accounts or roles. */
    public interface Ui {
        void line(String s);

        /** The user's pick among two or more options; a usage error where nobody can answer. */
        String choose(String what, List<String> options);
    }

    public record Outcome(String profile, String account, String role, String region, Instant expiresAt,
            boolean alreadySignedIn, boolean configChanged, Path configPath) {}

    /** The sign-in values the config already holds for a profile (from its sso-session), each null when absent. */
    public static Voucher configured(String profile, Map<String, String> env, Path userHome) {
        AwsConfigFiles files = AwsConfigFiles.load(env, userHome);
        Optional<Profile> p = files.profileFile().profile(profile);
        if (p.isEmpty()) return new Voucher(null, null, null, null, null, null);
        Optional<Profile> session = p.get().property("sso_session").flatMap(files::ssoSession);
        return new Voucher(null,
                session.flatMap(s -> s.property("sso_start_url")).or(() -> p.get().property("sso_start_url")).orElse(null),
                session.flatMap(s -> s.property("sso_region")).or(() -> p.get().property("sso_region")).orElse(null),
                p.get().property("sso_account_id").orElse(null), p.get().property("sso_role_name").orElse(null),
                p.get().property("region").orElse(null));
    }

    /**
     * Signs in (unless the cached token has more than 15 minutes left) and writes the profile and sso-session.
     *
     * @param v start URL and SSO region required; account and role chosen through {@code ui} when null
     */
    public static Outcome signIn(String profile, Voucher v, boolean force, Map<String, String> env, Path userHome,
            Clock clock, Sleeper sleeper, Ui ui) {
        AwsConfigFiles files = AwsConfigFiles.load(env, userHome);
        AwsConfigWriter config = readConfig(files.configPath());
        // A profile `aws configure sso` made keeps its own session (name and scopes): login then renews it.
        Optional<Profile> current = files.profileFile().profile(profile);
        String session = current.flatMap(p -> p.property("sso_session")).orElse(profile);
        String scopes = files.ssoSession(session).flatMap(p -> p.property("sso_registration_scopes")).orElse(SCOPE);
        String region = v.region() != null ? v.region() : v.ssoRegion();
        // Fail before the browser step when we could not write the result anyway.
        checkConflicts(config, files.configPath(), profile, profileValues(session, v.account(), v.role(), region),
                sessionValues(v, scopes), force);

        SsoTokenCache cache = new SsoTokenCache(files.ssoCacheDir());
        Profile existing = files.profileFile().profile(profile)
                .orElse(Profile.builder().name(profile).properties(Map.of()).build());
        Endpoints endpoints = new Endpoints(env, existing, files);
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .defaultProfileFile(files.profileFile()).defaultProfileName(profile).build();
        try (SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)).build();
             SsoOidcClient oidc = build(SsoOidcClient.builder(), v.ssoRegion(),
                     endpoints.endpoint(Endpoints.Service.SSO_OIDC), overrides, http);
             SsoClient sso = build(SsoClient.builder(), v.ssoRegion(), endpoints.endpoint(Endpoints.Service.SSO),
                     overrides, http)) {
            Optional<SsoTokenCache.Token> cached = cache.read(session);
            boolean reuse = cached.isPresent() && v.startUrl().equals(cache.startUrl(session))
                    && cached.get().expiresAt() != null
                    && clock.instant().plus(SsoDeviceFlow.EXPIRY_WINDOW).isBefore(cached.get().expiresAt());
            SsoDeviceFlow flow = new SsoDeviceFlow(oidc, cache, clock, sleeper::sleep);
            // A token signed out elsewhere is still in the cache and unexpired: only the portal knows.
            if (reuse && !accepted(sso, cached.get())) reuse = false;
            SsoTokenCache.Token token = reuse ? cached.get()
                    : flow.signIn(session, v.startUrl(), v.ssoRegion(), parseScopes(scopes), prompt(ui));
            String account = v.account() != null ? v.account() : chooseAccount(sso, token, ui);
            String role = v.role() != null ? v.role() : chooseRole(sso, token, account, ui);
            verifyRole(sso, token, account, role);
            Map<String, String> profileValues = profileValues(session, account, role, region);
            checkConflicts(config, files.configPath(), profile, profileValues, sessionValues(v, scopes), force);
            boolean changed = apply(config, AwsConfigWriter.profileSection(profile), profileValues, force)
                    | apply(config, "sso-session " + session, sessionValues(v, scopes), force);
            if (changed) config.write(files.configPath());
            return new Outcome(profile, account, role, region, token.expiresAt(), reuse, changed, files.configPath());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + files.configPath(), e);
        }
    }

    /**
     * Signs out of a profile's SSO session: tells the portal (best effort, as {@code aws sso logout} does) and removes
     * the cached token. Leaves the profile in the config, as the CLI does.
     *
     * @return whether a cached token was removed
     */
    public static boolean signOut(String profile, Map<String, String> env, Path userHome) {
        AwsConfigFiles files = AwsConfigFiles.load(env, userHome);
        Optional<Profile> p = files.profileFile().profile(profile);
        if (p.isEmpty()) return false;
        Voucher v = configured(profile, env, userHome);
        String cacheKey = p.get().property("sso_session").orElse(v.startUrl());
        if (cacheKey == null) return false;
        SsoTokenCache cache = new SsoTokenCache(files.ssoCacheDir());
        Optional<SsoTokenCache.Token> token = cache.read(cacheKey);
        if (token.isPresent() && v.ssoRegion() != null) {
            Endpoints endpoints = new Endpoints(env, p.get(), files);
            try (SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                    .socketTimeout(Duration.ofSeconds(5)).build();
                 SsoClient sso = build(SsoClient.builder(), v.ssoRegion(), endpoints.endpoint(Endpoints.Service.SSO),
                         ClientOverrideConfiguration.builder().defaultProfileFile(files.profileFile())
                                 .defaultProfileName(profile).build(), http)) {
                sso.logout(b -> b.accessToken(token.get().accessToken()));
            } catch (SdkException e) {
                // Offline or already revoked: removing the cached token still signs this machine out.
            }
        }
        return cache.delete(cacheKey);
    }

    /** The fix for a missing, expired or revoked SSO session of a profile, for workshop and for AWS CLI users. */
    public static String loginFix(String profile) {
        return loginCommand(profile) + "   (AWS CLI users: aws sso login --use-device-code --profile " + profile + ")";
    }

    /** {@code workshop login}, naming the profile unless it is the workshop's default. */
    public static String loginCommand(String profile) {
        return DEFAULT_PROFILE.equals(profile) ? "workshop login" : "workshop login --profile " + profile;
    }

    private static SsoDeviceFlow.Listener prompt(Ui ui) {
        return p -> {
            ui.line("To sign in, open this page in any browser (this machine needs none) and approve the request:");
            ui.line("");
            ui.line("  " + p.urlComplete());
            ui.line("");
            ui.line("or open " + p.url() + " and enter the code: " + p.userCode());
            ui.line("Waiting for approval (the code is valid until " + SsoTokenCache.timestamp(p.expiresAt())
                    + "; Ctrl-C cancels and changes nothing)...");
        };
    }

    private static String chooseAccount(SsoClient sso, SsoTokenCache.Token token, Ui ui) {
        List<AccountInfo> accounts = new ArrayList<>();
        try {
            sso.listAccountsPaginator(b -> b.accessToken(token.accessToken())).forEach(r -> accounts.addAll(r.accountList()));
        } catch (SdkException e) {
            throw new WorkshopException(1, "Could not list your AWS accounts in the access portal: " + e.getMessage(),
                    "pass the account from your voucher: workshop login --account 123456789012", e);
        }
        if (accounts.isEmpty()) {
            throw new WorkshopException(3, "No AWS account is assigned to you in IAM Identity Center.",
                    "ask your facilitator to assign you to the workshop account", null);
        }
        if (accounts.size() == 1) {
            ui.line("Account: " + accounts.get(0).accountId() + " (" + accounts.get(0).accountName() + "), the only one assigned to you.");
            return accounts.get(0).accountId();
        }
        List<String> options = accounts.stream().map(a -> a.accountId() + "  " + a.accountName()).toList();
        return ui.choose("account", options).split(" ")[0];
    }

    private static String chooseRole(SsoClient sso, SsoTokenCache.Token token, String account, Ui ui) {
        List<RoleInfo> roles = new ArrayList<>();
        try {
            sso.listAccountRolesPaginator(b -> b.accessToken(token.accessToken()).accountId(account))
                    .forEach(r -> roles.addAll(r.roleList()));
        } catch (SdkException e) {
            throw new WorkshopException(1, "Could not list your roles in account " + account + ": " + e.getMessage(),
                    "pass the role from your voucher: workshop login --role <role>", e);
        }
        if (roles.isEmpty()) {
            throw new WorkshopException(3, "You have no role in account " + account + ".",
                    "check the account on your voucher, or ask your facilitator to assign you a role", null);
        }
        if (roles.size() == 1) {
            ui.line("Role: " + roles.get(0).roleName() + ", the only one you have in " + account + ".");
            return roles.get(0).roleName();
        }
        return ui.choose("role", roles.stream().map(RoleInfo::roleName).toList());
    }

    private static boolean accepted(SsoClient sso, SsoTokenCache.Token token) {
        try {
            sso.listAccounts(b -> b.accessToken(token.accessToken()).maxResults(1));
            return true;
        } catch (software.amazon.awssdk.services.sso.model.UnauthorizedException e) {
            return false;
        } catch (SdkException e) {
            // Unknown: keep the token; the role check that follows reports any real failure.
            return true;
        }
    }

    /** A wrong account or role on the voucher is found before it is written to the config. */
    private static void verifyRole(SsoClient sso, SsoTokenCache.Token token, String account, String role) {
        try {
            sso.getRoleCredentials(b -> b.accessToken(token.accessToken()).accountId(account).roleName(role));
        } catch (ResourceNotFoundException e) {
            throw noRole(account, role, e);
        } catch (SsoException e) {
            // A role that is not assigned is answered 403 ForbiddenException "No access", outside the API model.
            if (e.statusCode() != 403) throw new WorkshopException(1, "Could not check role " + role + " in account "
                    + account + ": " + e.getMessage(), "check your network, then: workshop login", e);
            throw noRole(account, role, e);
        } catch (SdkException e) {
            throw new WorkshopException(1, "Could not check role " + role + " in account " + account + ": "
                    + e.getMessage(), "check your network, then: workshop login", e);
        }
    }

    private static WorkshopException noRole(String account, String role, SsoException e) {
        String code = e.awsErrorDetails() == null ? "" : " (" + e.awsErrorDetails().errorCode() + ")";
        return new WorkshopException(3, "You are signed in, but IAM Identity Center gives you no role " + role
                + " in account " + account + code + "; the config was not changed.",
                "check the account and role on your voucher, then: workshop login --account <id> --role <name>", e);
    }


    /** The profile as {@code aws configure sso} writes it, keys in its order (output is left to the user). */
    private static Map<String, String> profileValues(String session, String account, String role, String region) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sso_session", session);
        if (account != null) m.put("sso_account_id", account);
        if (role != null) m.put("sso_role_name", role);
        if (region != null) m.put("region", region);
        return m;
    }

    private static Map<String, String> sessionValues(Voucher v, String scopes) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sso_start_url", v.startUrl());
        m.put("sso_region", v.ssoRegion());
        m.put("sso_registration_scopes", scopes);
        return m;
    }

    /** As the CLI's parse_sso_registration_scopes: comma separated, trimmed, empties dropped. */
    static List<String> parseScopes(String raw) {
        return java.util.Arrays.stream(raw.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
    }

    private static AwsConfigWriter readConfig(Path file) {
        try {
            return AwsConfigWriter.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file, e);
        }
    }

    /** A section that exists and says something else is another person's setup: changed only with --force. */
    private static void checkConflicts(AwsConfigWriter config, Path file, String profile, Map<String, String> profileValues,
            Map<String, String> sessionValues, boolean force) {
        if (force) return;
        conflict(config, file, AwsConfigWriter.profileSection(profile), profileValues, profile);
        conflict(config, file, "sso-session " + profileValues.get("sso_session"), sessionValues, profile);
    }

    private static void conflict(AwsConfigWriter config, Path file, String section, Map<String, String> wanted,
            String profile) {
        Map<String, String> existing = config.section(section);
        if (existing == null) return;
        List<String> differences = new ArrayList<>();
        wanted.forEach((k, v) -> {
            String old = existing.get(k);
            if (old != null && !old.equals(v)) differences.add(k + " is " + old + ", not " + v);
        });
        for (String k : CREDENTIAL_KEYS) {
            if (existing.containsKey(k) && !wanted.containsKey(k)) differences.add("it has " + k);
        }
        if (!differences.isEmpty()) {
            throw WorkshopException.usage("[" + section + "] in " + file + " is already set up differently ("
                    + String.join("; ", differences) + "), so workshop login leaves it alone.",
                    "workshop login --profile <another name>   (or replace it: add --force)");
        }
    }

    /** Writes the values into the section; true when that changes the file. */
    private static boolean apply(AwsConfigWriter config, String section, Map<String, String> values, boolean force) {
        Map<String, String> existing = config.section(section);
        if (existing != null && force && !existing.equals(values)) {
            config.clear(section);
        } else if (existing != null && values.entrySet().stream().allMatch(e -> e.getValue().equals(existing.get(e.getKey())))) {
            return false;
        }
        config.update(section, values);
        return true;
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>
            & software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C build(B builder,
            String ssoRegion, Optional<URI> endpoint, ClientOverrideConfiguration overrides, SdkHttpClient http) {
        builder.region(Region.of(ssoRegion)).overrideConfiguration(overrides)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(http);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
