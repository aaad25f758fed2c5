package dev.tether.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A literal config var whose name looks secret ({@code *_KEY}, {@code *_SECRET}, {@code *_TOKEN},
 * {@code *PASSWORD*}) is stored as written, readable in the spec and its generations: the apply
 * answers a warning (and records a Warning event) suggesting a {@code Secret} and
 * {@code valueFrom} instead. A pure function of the manifest; the value is never repeated.
 */
public final class LiteralSecretWarnings {

    /** The event reason, and the answer's warning code. */
    public static final String REASON = "LiteralSecretValue";

    private static final Pattern SECRET_LOOKING = Pattern.compile("(?i)(.*_KEY|.*_SECRET|.*_TOKEN|.*PASSWORD.*)");

    private LiteralSecretWarnings() {
    }

    /** One warning per literal config var with a secret-looking name, in name order. */
    public static List<ApplyResult.Warning> of(Manifest m) {
        if (m.kind() != Kind.HEROKU_APP || !m.spec().path("configVars").isObject()) {
            return List.of();
        }
        List<ApplyResult.Warning> warnings = new ArrayList<>();
        m.spec().path("configVars").properties().stream()
                .filter(e -> e.getValue().isString() && SECRET_LOOKING.matcher(e.getKey()).matches())
                .map(Map.Entry::getKey)
                .sorted()
                .forEach(name -> warnings.add(new ApplyResult.Warning(m.kind().manifestName(), m.name(),
                        "spec.configVars." + name, REASON, "spec.configVars." + name
                        + " is a literal value under a name that looks secret: it is stored and shown as written."
                        + " Put it in a Secret and use {valueFrom: {secret: <name>, key: <key>}} so it is encrypted and never shown")));
        return warnings;
    }
}
