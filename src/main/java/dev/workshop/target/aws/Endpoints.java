package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.Profile;

/**
 * Configured endpoint URLs, following the SDKs' "service-specific endpoints" setting
 * (docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). Highest precedence first:
 * AWS_ENDPOINT_URL_&lt;SERVICE&gt;, AWS_ENDPOINT_URL, the service's entry in the profile's {@code services}
 * section, the profile's {@code endpoint_url}. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS (or the profile's
 * ignore_configured_endpoint_urls) turns all of them off.
 *
 * <p>We resolve these ourselves and pass the result as an explicit endpoint override, because the SDK would look
 * them up in the JVM's real environment and home directory, not the injected ones.
 */
final class Endpoints {
    /** The services this target talks to, by the identifiers the settings use. */
    enum Service {
        DYNAMODB("DYNAMODB", "dynamodb"),
        STS("STS", "sts"),
        SSO("SSO", "sso"),
        SSO_OIDC("SSO_OIDC", "sso_oidc"),
        CLOUDWATCH("CLOUDWATCH", "cloudwatch");

        final String envSuffix;
        final String configKey;

        Service(String envSuffix, String configKey) {
            this.envSuffix = envSuffix;
            this.configKey = configKey;
        }
    }

    private final Map<String, String> env;
    private final Profile profile;
    private final Profile services;
    private final boolean ignored;

    Endpoints(Map<String, String> env, Profile profile, AwsConfigFiles files) {
        this.env = env;
        this.profile = profile;
        this.services = profile.property("services").flatMap(files::services).orElse(null);
        String ignoreEnv = env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
        this.ignored = ignoreEnv != null
                ? ignoreEnv.trim().equalsIgnoreCase("true")
                : profile.booleanProperty("ignore_configured_endpoint_urls").orElse(false);
    }

    Optional<URI> endpoint(Service service) {
        if (ignored) return Optional.empty();
        return first(
                        env.get("AWS_ENDPOINT_URL_" + service.envSuffix),
                        "AWS_ENDPOINT_URL_" + service.envSuffix,
                        env.get("AWS_ENDPOINT_URL"),
                        "AWS_ENDPOINT_URL",
                        services == null ? null : services.property(service.configKey + ".endpoint_url").orElse(null),
                        "endpoint_url for " + service.configKey.toLowerCase(Locale.ROOT) + " in [services "
                                + (services == null ? "" : services.name()) + "]",
                        profile.property("endpoint_url").orElse(null),
                        "endpoint_url in profile " + profile.name());
    }

    private static Optional<URI> first(String... valueAndSource) {
        for (int i = 0; i < valueAndSource.length; i += 2) {
            String value = valueAndSource[i];
            if (value != null && !value.isBlank()) return Optional.of(parse(value.trim(), valueAndSource[i + 1]));
        }
        return Optional.empty();
    }

    private static URI parse(String value, String source) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) throw new URISyntaxException(value, "no scheme or host");
            return uri;
        } catch (URISyntaxException e) {
            throw WorkshopException.usage("The endpoint URL '" + value + "' from " + source + " is not a URL.",
                    "Set it to a URL with scheme and host, e.g. https://dynamodb.ap-southeast-1.amazonaws.com");
        }
    }
}
