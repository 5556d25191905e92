package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import dev.workshop.target.AsyncHttp;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The aws target: real DynamoDB and CloudWatch through a profile from the AWS shared config, including IAM Identity
 * Center (SSO) profiles in both the sso-session and the legacy form. Every setting comes from the injected
 * environment and home directory, so the whole target runs in-process in tests against loopback stand-ins.
 *
 * <p>Clients are built once and share one HTTP client of each kind; {@link #close()} closes them all.
 */
public final class AwsTarget implements Target {
    /** A session with less than this left is worth a warning: a lab takes about this long. */
    static final Duration EXPIRY_WARNING = Duration.ofMinutes(15);

    private final String profileName;
    private final Region region;
    private final Endpoints endpoints;
    private final ClientOverrideConfiguration overrides;
    private final String configuredRole;
    private final AwsCredentialsProvider credentials;
    private final SsoCredentialsProvider sso;
    private final Clock clock;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final SdkHttpClient http;
    private final AsyncHttp asyncHttp = new AsyncHttp();
    private DynamoDbClient dynamo;
    private DynamoDbAsyncClient dynamoAsync;
    private CloudWatchClient cloudWatch;
    private StsClient sts;
    private Identity identity;

    private AwsTarget(String profileName, Region region, Endpoints endpoints, ClientOverrideConfiguration overrides,
            String configuredRole, AwsCredentialsProvider credentials, SsoCredentialsProvider sso,
            SdkHttpClient http, List<AutoCloseable> owned, Clock clock) {
        this.profileName = profileName;
        this.region = region;
        this.endpoints = endpoints;
        this.overrides = overrides;
        this.configuredRole = configuredRole;
        this.credentials = credentials;
        this.sso = sso;
        this.http = http;
        this.clock = clock;
        this.closeables.addAll(owned);
    }

    /**
     * Opens the target for a profile. Makes no network call unless the SSO access token must be refreshed.
     *
     * @param profileName the profile, as given by --profile or AWS_PROFILE
     * @param regionOverride --region, or null
     * @param env the process environment (AWS_CONFIG_FILE, AWS_REGION, AWS_ENDPOINT_URL_*, ...)
     * @param userHome stands for ~ in ~/.aws/config and ~/.aws/sso/cache
     * @throws WorkshopException exit 2 for an unknown profile or no region; exit 3 for an expired SSO session
     */
    public static AwsTarget open(String profileName, String regionOverride, Map<String, String> env, Path userHome) {
        return open(profileName, regionOverride, false, env, userHome, Clock.systemUTC());
    }

    /**
     * @param environmentCredentials sign with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, as the
     *        AWS CLI does when they are set; the profile (AWS_PROFILE, else default, when present) still gives the
     *        region and endpoints
     */
    public static AwsTarget open(String profileName, String regionOverride, boolean environmentCredentials,
            Map<String, String> env, Path userHome) {
        return open(profileName, regionOverride, environmentCredentials, env, userHome, Clock.systemUTC());
    }

    static AwsTarget open(String profileName, String regionOverride, Map<String, String> env, Path userHome,
            Clock clock) {
        return open(profileName, regionOverride, false, env, userHome, clock);
    }

    static AwsTarget open(String profileName, String regionOverride, boolean environmentCredentials,
            Map<String, String> env, Path userHome, Clock clock) {
        if (!environmentCredentials && (profileName == null || profileName.isBlank())) {
            throw WorkshopException.usage("No AWS profile given.", "pass --profile NAME or export AWS_PROFILE=NAME");
        }
        AwsConfigFiles files = AwsConfigFiles.load(env, userHome);
        Profile profile;
        if (!environmentCredentials) {
            profile = files.profile(profileName);
        } else {
            // The CLI takes settings from AWS_PROFILE's profile, else from default, when it exists.
            String settings = profileName == null || profileName.isBlank() ? "default" : profileName;
            profile = files.profileFile().profile(settings)
                    .orElse(Profile.builder().name(settings).properties(Map.of()).build());
        }
        String where = environmentCredentials ? "the access keys in the environment" : "profile " + profileName;
        Region region = Region.of(firstNonBlank(regionOverride, env.get("AWS_REGION"), env.get("AWS_DEFAULT_REGION"),
                profile.property("region").orElse(null))
                .orElseThrow(() -> WorkshopException.usage("No AWS region for " + where + ".",
                        "export AWS_REGION=ap-southeast-1 (or pass --region)")));
        Endpoints endpoints = new Endpoints(env, profile, files);
        // The SDK would otherwise read the real ~/.aws/config for client settings (retry mode, defaults mode).
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .defaultProfileFile(files.profileFile())
                .defaultProfileName(profileName)
                .build();
        SdkHttpClient http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofMinutes(2))
                .build();
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            SsoSettings ssoSettings = environmentCredentials ? null : SsoSettings.of(profile, files);
            AwsCredentialsProvider credentials;
            SsoCredentialsProvider ssoProvider = null;
            if (environmentCredentials) {
                credentials = StaticCredentialsProvider.create(environmentKeys(env));
            } else if (ssoSettings != null) {
                SsoClient ssoClient = configure(SsoClient.builder(), Region.of(ssoSettings.ssoRegion()),
                        endpoints.endpoint(Endpoints.Service.SSO), overrides)
                        .credentialsProvider(AnonymousCredentialsProvider.create())
                        .httpClient(http)
                        .build();
                owned.add(ssoClient);
                SsoOidcClient oidc = null;
                if (ssoSettings.sessionName() != null) {
                    oidc = configure(SsoOidcClient.builder(), Region.of(ssoSettings.ssoRegion()),
                            endpoints.endpoint(Endpoints.Service.SSO_OIDC), overrides)
                            .credentialsProvider(AnonymousCredentialsProvider.create())
                            .httpClient(http)
                            .build();
                    owned.add(oidc);
                }
                ssoProvider = new SsoCredentialsProvider(profileName, ssoSettings.cacheKey(),
                        ssoSettings.accountId(), ssoSettings.roleName(),
                        new SsoTokenCache(files.ssoCacheDir()), ssoClient, oidc, clock);
                owned.add(ssoProvider);
                // Fail now, with the fix, rather than inside the first DynamoDB call.
                ssoProvider.usableToken();
                credentials = ssoProvider;
            } else {
                requireCredentials(profile, files);
                ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                        .profileFile(files.profileFile())
                        .profileName(profileName)
                        .build();
                owned.add(provider);
                credentials = provider;
            }
            return new AwsTarget(environmentCredentials ? null : profileName, region, endpoints, overrides,
                    ssoSettings == null ? null : ssoSettings.roleName(), credentials, ssoProvider, http, owned, clock);
        } catch (RuntimeException e) {
            closeAll(owned);
            http.close();
            throw e;
        }
    }

    /** AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and, for temporary keys, AWS_SESSION_TOKEN (the CLI's names). */
    private static AwsCredentials environmentKeys(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID").trim();
        String secret = env.get("AWS_SECRET_ACCESS_KEY").trim();
        String session = env.get("AWS_SESSION_TOKEN");
        if (session == null || session.isBlank()) session = env.get("AWS_SECURITY_TOKEN");
        return session == null || session.isBlank()
                ? AwsBasicCredentials.create(id, secret)
                : AwsSessionCredentials.create(id, secret, session.trim());
    }

    /**
     * A profile with no way to get credentials would fail inside the first request with a message about the
     * network; say what it lacks instead. The sources are those of the CLI's and SDK's profile providers.
     */
    private static void requireCredentials(Profile profile, AwsConfigFiles files) {
        for (String key : List.of("aws_access_key_id", "role_arn", "credential_process", "web_identity_token_file",
                "sso_session", "sso_start_url", "credential_source", "login_session")) {
            if (profile.property(key).isPresent()) return;
        }
        String name = profile.name();
        throw new WorkshopException(3, "Profile " + name + " has no credentials: in " + files.configPath() + " and "
                + files.credentialsPath() + " it has no access keys, SSO settings, role or credential process.",
                SsoSignIn.loginCommand(name) + "   (or give it keys: aws configure --profile " + name + ")");
    }

    /**
     * The profiles in the AWS config that could run the workshop, SSO profiles first (the workshop's own before
     * others); empty when there are none or the files cannot be read.
     */
    public static List<String> configuredProfiles(Map<String, String> env, Path userHome) {
        AwsConfigFiles files;
        try {
            files = AwsConfigFiles.load(env, userHome);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<String> sso = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String name : files.profileNames()) {
            Profile p = files.profileFile().profile(name).orElseThrow();
            if (p.property("sso_session").isPresent() || p.property("sso_start_url").isPresent()) {
                if (name.equals(SsoSignIn.DEFAULT_PROFILE)) sso.add(0, name);
                else sso.add(name);
            } else if (p.property("aws_access_key_id").isPresent() || p.property("role_arn").isPresent()
                    || p.property("credential_process").isPresent()) {
                other.add(name);
            }
        }
        sso.addAll(other);
        return sso;
    }

    /** The IAM Identity Center settings of a profile, or null when it is not an SSO profile. */
    private record SsoSettings(String sessionName, String startUrl, String ssoRegion, String accountId,
            String roleName) {

        String cacheKey() {
            return sessionName != null ? sessionName : startUrl;
        }

        static SsoSettings of(Profile profile, AwsConfigFiles files) {
            String name = profile.name();
            String fix = SsoSignIn.loginCommand(name) + " --force   (rewrites the profile from your voucher)";
            Optional<String> sessionName = profile.property("sso_session");
            String startUrl;
            String ssoRegion;
            if (sessionName.isPresent()) {
                Profile session = files.ssoSession(sessionName.get()).orElseThrow(() -> WorkshopException.usage(
                        "Profile " + name + " uses sso_session " + sessionName.get() + ", but " + files.configPath()
                                + " has no [sso-session " + sessionName.get() + "] section.", fix));
                startUrl = required(session, "sso_start_url", "[sso-session " + session.name() + "]", fix);
                ssoRegion = required(session, "sso_region", "[sso-session " + session.name() + "]", fix);
            } else if (profile.property("sso_start_url").isPresent()) {
                startUrl = profile.property("sso_start_url").get();
                ssoRegion = required(profile, "sso_region", "profile " + name, fix);
            } else {
                return null;
            }
            return new SsoSettings(sessionName.orElse(null), startUrl, ssoRegion,
                    required(profile, "sso_account_id", "profile " + name, fix),
                    required(profile, "sso_role_name", "profile " + name, fix));
        }

        private static String required(Profile section, String key, String where, String fix) {
            return section.property(key).filter(v -> !v.isBlank()).orElseThrow(() -> WorkshopException.usage(
                    "The AWS config has no " + key + " in " + where + ".", fix));
        }
    }

    private static <B extends AwsClientBuilder<B, ?>> B configure(B builder, Region region, Optional<URI> endpoint,
            ClientOverrideConfiguration overrides) {
        builder.region(region).overrideConfiguration(overrides);
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    private static Optional<String> firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) return Optional.of(v.trim());
        }
        return Optional.empty();
    }

    @Override
    public Kind kind() {
        return Kind.AWS;
    }

    public String profileName() {
        return profileName;
    }

    public String regionId() {
        return region.id();
    }

    /** The credentials every client signs with; for SSO profiles they refresh themselves before they expire. */
    public AwsCredentialsProvider credentialsProvider() {
        return credentials;
    }

    /** When the cached SSO access token expires; empty for non-SSO profiles or when not signed in. */
    public Optional<Instant> ssoTokenExpiry() {
        return sso == null ? Optional.empty() : sso.tokenExpiry();
    }

    @Override
    public String describe() {
        Identity id = identity();
        return "Target: AWS account " + id.account() + ", " + principalName(id.arn()) + " (" + id.arn() + "), region "
                + id.region() + (profileName == null ? ", keys from AWS_ACCESS_KEY_ID" : ", profile " + profileName);
    }

    /** "role WorkshopStudent" for an SSO or assumed role, "user alice" for an IAM user, else the ARN's resource. */
    private String principalName(String arn) {
        if (configuredRole != null) return "role " + configuredRole;
        String resource = arn.substring(arn.lastIndexOf(':') + 1);
        String[] parts = resource.split("/");
        if (parts[0].equals("assumed-role") && parts.length > 1) return "role " + ssoRoleName(parts[1]);
        if (parts[0].equals("user") && parts.length > 1) return "user " + parts[parts.length - 1];
        return resource;
    }

    /** Identity Center names its roles AWSReservedSSO_&lt;permission set&gt;_&lt;hex&gt;; people know the permission set. */
    private static String ssoRoleName(String role) {
        if (!role.startsWith("AWSReservedSSO_")) return role;
        String rest = role.substring("AWSReservedSSO_".length());
        int last = rest.lastIndexOf('_');
        return last > 0 ? rest.substring(0, last) : rest;
    }

    @Override
    public synchronized DynamoDbClient dynamo(Principal principal) {
        if (dynamo == null) {
            dynamo = own(configure(DynamoDbClient.builder(), region,
                    endpoints.endpoint(Endpoints.Service.DYNAMODB), overrides)
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return dynamo;
    }

    @Override
    public synchronized DynamoDbAsyncClient dynamoAsync(Principal principal) {
        if (dynamoAsync == null) {
            dynamoAsync = own(configure(DynamoDbAsyncClient.builder(), region,
                    endpoints.endpoint(Endpoints.Service.DYNAMODB), overrides)
                    .credentialsProvider(credentials).httpClient(asyncHttp.client()).build());
        }
        return dynamoAsync;
    }

    @Override
    public synchronized DynamoDbClient dynamo(Principal principal, ExecutionInterceptor observer) {
        return own(configure(DynamoDbClient.builder(), region, endpoints.endpoint(Endpoints.Service.DYNAMODB), overrides)
                .overrideConfiguration(overrides.toBuilder().addExecutionInterceptor(observer).build())
                .credentialsProvider(credentials).httpClient(http).build());
    }

    @Override
    public synchronized DynamoDbAsyncClient dynamoAsync(Principal principal, ExecutionInterceptor observer) {
        return own(configure(DynamoDbAsyncClient.builder(), region, endpoints.endpoint(Endpoints.Service.DYNAMODB), overrides)
                .overrideConfiguration(overrides.toBuilder().addExecutionInterceptor(observer).build())
                .credentialsProvider(credentials).httpClient(asyncHttp.client()).build());
    }

    public synchronized CloudWatchClient cloudWatch() {
        if (cloudWatch == null) {
            // Adaptive retries: a room of attendees shares GetMetricData's 50 TPS per Region, and the adaptive mode
            // slows this client's own sending once CloudWatch throttles it instead of retrying at full speed
            // (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
            cloudWatch = own(configure(CloudWatchClient.builder(), region,
                    endpoints.endpoint(Endpoints.Service.CLOUDWATCH), overrides)
                    .overrideConfiguration(cloudWatchOverrides(overrides))
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return cloudWatch;
    }

    public static ClientOverrideConfiguration cloudWatchOverrides(ClientOverrideConfiguration base) {
        return base.toBuilder().retryStrategy(RetryMode.ADAPTIVE_V2).build();
    }

    private synchronized StsClient sts() {
        if (sts == null) {
            sts = own(configure(StsClient.builder(), region, endpoints.endpoint(Endpoints.Service.STS), overrides)
                    .credentialsProvider(credentials).httpClient(http).build());
        }
        return sts;
    }

    private <T extends AutoCloseable> T own(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** The caller as STS GetCallerIdentity sees it, asked once per target. */
    @Override
    public synchronized Identity identity() {
        if (identity == null) {
            GetCallerIdentityResponse r;
            try {
                r = sts().getCallerIdentity();
            } catch (SdkException e) {
                throw translate(e, "ask AWS STS who you are");
            }
            identity = new Identity(r.account(), r.arn(), region.id());
        }
        return identity;
    }

    /**
     * Turns an SDK failure into the user's terms: our own credential errors come back out of the SDK's wrapping,
     * rejected credentials are exit 3 with the login command, anything else is a failed AWS operation.
     */
    WorkshopException translate(SdkException e, String doing) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof WorkshopException w) return w;
        }
        String login = profileName == null
                ? "export fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN (or unset them and: workshop login)"
                : sso != null ? SsoSignIn.loginFix(profileName) : "aws configure --profile " + profileName;
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() == null ? "" : ase.awsErrorDetails().errorCode();
            if (ase.statusCode() == 403 || List.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
                    "UnrecognizedClientException", "SignatureDoesNotMatch").contains(code)) {
                return new WorkshopException(3, "AWS rejected the credentials of "
                        + (profileName == null ? "the access keys in the environment" : "profile " + profileName) + " ("
                        + code + "): " + ase.awsErrorDetails().errorMessage(), login, e);
            }
            return new WorkshopException(1, "Could not " + doing + " in " + region.id() + ": " + e.getMessage(),
                    null, e);
        }
        if (String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return new WorkshopException(3, (profileName == null ? "The environment's AWS keys" : "Profile " + profileName)
                    + " gave no usable credentials: " + e.getMessage(), login, e);
        }
        return new WorkshopException(1, "Could not " + doing + " in " + region.id() + ": " + e.getMessage(),
                "Check your network connection and the region", e);
    }

    @Override
    public List<Diagnosis> diagnose() {
        if (sso == null) return List.of();
        String login = SsoSignIn.loginFix(profileName);
        Optional<Instant> expiry = ssoTokenExpiry();
        if (expiry.isEmpty()) {
            return List.of(new Diagnosis(true, "Not signed in to AWS SSO for profile " + profileName + ".", login));
        }
        Instant at = expiry.get();
        Duration left = Duration.between(clock.instant(), at);
        if (left.isNegative() || left.isZero()) {
            return List.of(new Diagnosis(true, "Your SSO session for profile " + profileName + " expired at " + at
                    + ".", login));
        }
        String remaining = left.toHours() > 0
                ? left.toHours() + " h " + left.toMinutesPart() + " min"
                : left.toMinutes() + " min";
        String what = "SSO token for profile " + profileName + " expires at " + at + " (" + remaining + " left).";
        return List.of(new Diagnosis(left.compareTo(EXPIRY_WARNING) < 0, what, login));
    }

    @Override
    public synchronized void close() {
        closeAll(closeables);
        closeables.clear();
        http.close();
        asyncHttp.close();
    }

    private static void closeAll(List<AutoCloseable> list) {
        // Clients first, then the providers they used: reverse order of creation.
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                AutoCloseable c = list.get(i);
                if (c instanceof SdkAutoCloseable s) s.close();
                else c.close();
            } catch (Exception ignored) {
                // Closing is best effort; nothing the user can act on.
            }
        }
    }
}
