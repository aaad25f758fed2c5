package dev.tether.manifest;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The resource kinds Tether manages (DESIGN §2), as written in a manifest's {@code kind}. */
public enum Kind {
    HEROKU_APP("HerokuApp", Names.HEROKU_APP),
    API_KEY("ApiKey", Names.DNS_LABEL),
    KONG_SERVICE("KongService", Names.DNS_LABEL),
    KONG_CONSUMER("KongConsumer", Names.DNS_LABEL),
    KONG_GATEWAY("KongGateway", Names.DNS_LABEL),
    SECRET("Secret", Names.DNS_LABEL),
    NOTIFIER("Notifier", Names.DNS_LABEL);

    private final String manifestName;
    private final Pattern namePattern;

    Kind(String manifestName, String namePattern) {
        this.manifestName = manifestName;
        this.namePattern = Pattern.compile(namePattern);
    }

    /** The kind as it appears in manifests and URLs, e.g. {@code HerokuApp}. */
    public String manifestName() {
        return manifestName;
    }

    /** The pattern {@code metadata.name} must match for this kind. */
    public Pattern namePattern() {
        return namePattern;
    }

    /** Matches a kind case-insensitively, as URLs allow ({@code herokuapp}, {@code HerokuApp}). */
    public static Optional<Kind> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(k -> k.manifestName.equalsIgnoreCase(name.strip()))
                .findFirst();
    }

    /** The kind named in a URL, case-insensitively, or a 404 naming the kinds there are. */
    public static Kind fromPath(String name) {
        return fromName(name).orElseThrow(() -> new ResourceNotFoundException(
                "kind '" + name + "' is not one of " + allNames()));
    }

    /** {@code HerokuApp, ApiKey, ...} for error messages. */
    public static String allNames() {
        return Arrays.stream(values()).map(Kind::manifestName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return manifestName;
    }

    static final class Names {
        /** Heroku's own rule for app names: 2-30 chars, a letter first, no trailing dash. */
        static final String HEROKU_APP = "^[a-z][a-z0-9-]{0,28}[a-z0-9]$";
        /** A DNS label (RFC 1123), as Kubernetes names most objects. */
        static final String DNS_LABEL = "^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

        private Names() {
        }
    }

}
