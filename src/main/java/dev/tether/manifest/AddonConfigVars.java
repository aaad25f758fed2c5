package dev.tether.manifest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The config vars an add-on attachment owns (DESIGN §2b): Heroku sets them and refuses to
 * overwrite or unset them ("Cannot overwrite attachment values DATABASE_URL."), so a spec cannot
 * declare them. Known at apply for the add-ons the spec itself declares (the attachment's
 * {@code as}{@code _URL}, or the service's own vars: {@code DATABASE_URL} for Heroku Postgres) and
 * for the names Heroku gives attachments ({@code HEROKU_POSTGRESQL_AMBER_URL}); an add-on attached
 * some other way is found by the reconciler in what Heroku says the app's add-ons set.
 */
public final class AddonConfigVars {

    /** The vars an attachment of each service sets when it is not given a name. */
    static final Map<String, List<String>> SERVICE_VARS = Map.of(
            "heroku-postgresql", List.of("DATABASE_URL"),
            "heroku-redis", List.of("REDIS_URL", "REDIS_TLS_URL"),
            "heroku-kafka", List.of("KAFKA_URL", "KAFKA_TRUSTED_CERT", "KAFKA_CLIENT_CERT", "KAFKA_CLIENT_CERT_KEY", "KAFKA_PREFIX"),
            "papertrail", List.of("PAPERTRAIL_API_TOKEN"),
            "scheduler", List.of("SCHEDULER_URL"));

    /** Heroku's own names for a second attachment of a data service. */
    private static final Pattern COLOURED = Pattern.compile("HEROKU_(POSTGRESQL|REDIS|KAFKA)_[A-Z]+(_[A-Z]+)*_URL");

    private AddonConfigVars() {
    }

    /**
     * Which add-on would own {@code var} on an app whose spec declares {@code addons} (the spec's
     * {@code addons} array), said for a person ({@code the add-on heroku-postgresql:standard-2
     * (spec.addons[0])}); empty when none would.
     */
    public static Optional<String> ownerInSpec(String var, JsonNode addons) {
        if (COLOURED.matcher(var).matches()) {
            return Optional.of("an attachment Heroku names itself (" + var + ")");
        }
        for (int i = 0; addons.isArray() && i < addons.size(); i++) {
            JsonNode a = addons.get(i);
            String plan = a.path("plan").asString("");
            String as = a.path("as").asString(null);
            boolean owns = as != null
                    ? var.equals(as + "_URL") || var.startsWith(as.toUpperCase(Locale.ROOT) + "_")
                    : SERVICE_VARS.getOrDefault(service(plan), List.of(service(plan).toUpperCase(Locale.ROOT).replace('-', '_') + "_URL"))
                            .contains(var);
            if (owns) {
                return Optional.of("the add-on " + plan + " (spec.addons[" + i + "])");
            }
        }
        return Optional.empty();
    }

    private static String service(String plan) {
        int colon = plan.indexOf(':');
        return colon < 0 ? plan : plan.substring(0, colon);
    }
}
