package dev.tether.manifest;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where people are told (DESIGN §2c; schema {@code schemas/Notifier.json}).
 *
 * <p>{@code urlEnv} may only name a variable whose name starts with {@code NOTIFY_}: Tether sends
 * messages to that URL, so naming {@code DATABASE_URL} would point Tether's own credentials'
 * host at whatever the author wants, and the target URL itself (a Slack webhook carries its
 * token in the path) stays out of manifests, events and pages.
 */
public record NotifierSpec(
        String urlEnv,
        String format,
        List<String> events,
        Map<String, String> selector,
        SigningKeyRef signingKeyRef,
        DriftPolicy driftPolicy,
        DeletionPolicy deletionPolicy,
        Boolean paused,
        Boolean allowReplace,
        Boolean adoptExisting) implements ResourceSpec {

    /** What a Notifier tells about when its spec does not say. */
    public static final List<String> DEFAULT_EVENTS = List.of(
            "DriftDetected", "LockBroken", "ReconcileFailed", "DestructiveActionHeld", "ProposalCreated");

    /** The prefix every {@code urlEnv} must have. */
    public static final String URL_ENV_PREFIX = "NOTIFY_";

    private static final Pattern URL_ENV = Pattern.compile("NOTIFY_[A-Z0-9_]+");

    /** A signing key kept in a {@code Secret}. */
    /** The Secret that holds its signing key, if it names one: a change to it wakes the Notifier. */
    @Override
    public java.util.Set<ResourceKey> references() {
        return signingKeyRef == null || signingKeyRef.secret() == null ? java.util.Set.of()
                : java.util.Set.of(new ResourceKey(Kind.SECRET, signingKeyRef.secret()));
    }

    public record SigningKeyRef(String secret, String key) {
    }

    public static boolean urlEnvAllowed(String name) {
        return name != null && URL_ENV.matcher(name).matches();
    }

    public List<String> eventsOrDefault() {
        return events == null || events.isEmpty() ? DEFAULT_EVENTS : events;
    }

    public String formatOrDefault() {
        return format == null ? "json" : format;
    }

    /** Whether a resource with {@code labels} is one this Notifier tells about. */
    public boolean selects(Map<String, String> labels) {
        return selector == null || selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
