package dev.tether.manifest;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Masks values that are likely secrets wherever Tether shows a spec value it did not generate:
 * config vars whose names say KEY, TOKEN, SECRET, PASSWORD, CREDENTIAL or a connection URL, and
 * in drift, any config var value the spec does not declare ({@link #maskAppDrift}). Keys Tether
 * generates never reach a spec at all.
 */
public final class SecretMask {

    public static final String MASK = "(secret)";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIAL|PRIVATE|AUTH|SALT|_URL|DSN).*");

    /**
     * Kong plugin settings whose names contain KEY or CREDENTIAL but that say where a credential
     * goes or what to do with it, never the credential itself (key-auth's {@code key_names},
     * {@code hide_credentials}, ...): shown as they are.
     */
    private static final java.util.Set<String> PLUGIN_SETTINGS = java.util.Set.of("key_names", "key_in_header",
            "key_in_query", "key_in_body", "hide_credentials", "hide_groups_header", "run_on_preflight");

    private SecretMask() {
    }

    /** True when the value at this spec path should not be shown. */
    public static boolean isSecretPath(String path) {
        if (path.startsWith("spec.data.")) {
            return true; // a Secret's values (its stored fingerprints included) are never shown
        }
        boolean underValues = path.contains("configVars.") || path.contains(".config.");
        String field = lastSegment(path).replaceAll("\\[\\d+]$", "");
        if (path.contains(".config.") && PLUGIN_SETTINGS.contains(field)) {
            return false;
        }
        return underValues && SECRET_NAME.matcher(field).matches();
    }

    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9+/=_.~-]{24,}");

    /**
     * True when a config var looks like it holds a secret, by its name (as {@link #isSecretPath})
     * or by its value: a long token mixing letters and digits, or a URL carrying a password.
     * Export and import leave such values out of the manifests they write.
     */
    public static boolean looksSecret(String name, String value) {
        if (SECRET_NAME.matcher(name).matches()) {
            return true;
        }
        if (value == null) {
            return false;
        }
        if (value.matches("(?s)[a-z][a-z0-9+.-]*://[^/@\\s]*:[^/@\\s]+@.*")) {
            return true;
        }
        return TOKEN_LIKE.matcher(value).matches() && value.chars().anyMatch(Character::isDigit)
                && value.chars().anyMatch(Character::isLetter);
    }

    /** The value, or the mask when the path holds a secret (objects are masked field by field). */
    public static JsonNode mask(String path, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            var copy = value.deepCopy();
            var obj = (tools.jackson.databind.node.ObjectNode) copy;
            for (String field : obj.propertyNames()) {
                obj.set(field, mask(path + "." + field, obj.get(field)));
            }
            return obj;
        }
        if (value.isArray()) {
            var arr = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                arr.add(mask(path + "[" + i + "]", value.get(i)));
            }
            return arr;
        }
        return isSecretPath(path) ? JsonNodeFactory.instance.stringNode(MASK) : value;
    }

    /**
     * The same for plain values (maps, lists, scalars as a planner holds them), e.g. a Kong
     * plugin's {@code config} at {@code plugins.key-auth.config}.
     */
    public static Object maskPlain(String path, Object value) {
        if (value instanceof java.util.Map<?, ?> m) {
            java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(String.valueOf(k), maskPlain(path + "." + k, v)));
            return copy;
        }
        if (value instanceof java.util.List<?> l) {
            java.util.List<Object> copy = new java.util.ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                copy.add(maskPlain(path + "[" + i + "]", l.get(i)));
            }
            return copy;
        }
        return value != null && isSecretPath(path) ? MASK : value;
    }

    /**
     * A value of an app's drift (desired or observed) at {@code path} ({@code configVars.NAME},
     * {@code formation.web.quantity}, ...), as drift records and events may show it. A config var
     * is shown only when the spec declares it with a literal value under a name that does not
     * look secret: a value found on the app under any other name (set in the Dashboard as
     * {@code MY_CREDS}, or left by an add-on) may be a credential, whatever its name says.
     */
    public static Object maskAppDrift(HerokuAppSpec spec, String path, Object value) {
        if (value == null) {
            return null;
        }
        if (path.startsWith("configVars.")) {
            String name = path.substring("configVars.".length());
            // a value from a Secret is masked whatever its name; one from an app (its web URL) is not a secret
            ConfigVar var = spec == null || spec.configVars() == null ? null : spec.configVars().get(name);
            boolean declared = var != null && (var.isLiteral() || !var.valueFrom().fromSecret());
            return declared && !isSecretPath("spec." + path) ? value : MASK;
        }
        return isSecretPath("spec." + path) ? MASK : value;
    }

    private static String lastSegment(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
