package dev.tether.sandbox.heroku;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fixed things a Heroku account can choose from: regions, stacks, dyno sizes and the
 * add-on plans the sandbox provisions. Ids are stable name-derived UUIDs, so a client may
 * refer to them by id or name as with the real API.
 */
final class Catalog {

    /** A named thing with a stable id (region, stack, dyno size). */
    record Named(UUID id, String name) {
        ObjectNode ref() {
            ObjectNode node = Json.object();
            node.put("id", id.toString());
            node.put("name", name);
            return node;
        }
    }

    /** An add-on service's plan, and the config var its attachment sets. */
    record Plan(UUID id, String service, String name, int cents, String configVar) {
        String fullName() {
            return service + ":" + name;
        }
    }

    static final List<Named> REGIONS = List.of(named("region", "us"), named("region", "eu"));
    static final List<Named> STACKS = List.of(named("stack", "heroku-24"), named("stack", "heroku-22"));
    static final String DEFAULT_STACK = "heroku-24";
    static final List<Named> DYNO_SIZES = List.of(
            named("size", "Eco"), named("size", "Basic"), named("size", "Standard-1X"), named("size", "Standard-2X"),
            named("size", "Performance-M"), named("size", "Performance-L"), named("size", "Private-S"),
            named("size", "Private-M"), named("size", "Private-L"), named("size", "Shield-S"),
            named("size", "Shield-M"), named("size", "Shield-L"));
    static final String DEFAULT_SIZE = "Basic";
    /** The sandbox account's teams: "acme" owns the Private Space "acme-prod"; "acme-labs" has none. */
    static final List<Named> TEAMS = List.of(named("team", "acme"), named("team", "acme-labs"));

    /** Services whose default plan a bare service name selects, and the config var they set. */
    private static final Map<String, String[]> SERVICES = Map.of(
            "heroku-postgresql", new String[] {"essential-0", "DATABASE_URL"},
            "heroku-redis", new String[] {"mini", "REDIS_URL"},
            "papertrail", new String[] {"choklad", "PAPERTRAIL_API_TOKEN"},
            "scheduler", new String[] {"standard", "SCHEDULER_URL"});

    private Catalog() {
    }

    static Named region(String idOrName) {
        return find(REGIONS, idOrName, "region", "Couldn't find that region.");
    }

    /** One of the account's teams by id or name, or Heroku's 404 for a team it cannot see. */
    static Named team(String idOrName) {
        return find(TEAMS, idOrName, "team", "Couldn't find that team.");
    }

    static Named stack(String idOrName) {
        return find(STACKS, idOrName, "stack", "Couldn't find that stack.");
    }

    static Named dynoSize(String idOrName) {
        for (Named n : DYNO_SIZES) {
            if (n.id().toString().equals(idOrName) || n.name().equalsIgnoreCase(idOrName)) {
                return n;
            }
        }
        throw ApiError.invalidParams("Invalid dyno size: " + idOrName + ".");
    }

    /**
     * A plan by {@code service:plan} or bare service name. Unknown services with an explicit
     * plan are accepted (the sandbox provisions anything), their config var {@code SERVICE_URL}.
     */
    static Plan plan(String identity) {
        if (identity == null || identity.isBlank()) {
            throw ApiError.invalidParams("Missing required params: plan.");
        }
        String service = identity;
        String plan = null;
        int colon = identity.indexOf(':');
        if (colon >= 0) {
            service = identity.substring(0, colon);
            plan = identity.substring(colon + 1);
        }
        String[] known = SERVICES.get(service);
        if (plan == null) {
            if (known == null) {
                throw ApiError.notFound("plan", "Couldn't find either the add-on service or the add-on plan.");
            }
            plan = known[0];
        }
        if (!service.matches("[a-z0-9-]+") || !plan.matches("[a-z0-9-]+")) {
            throw ApiError.notFound("plan", "Couldn't find either the add-on service or the add-on plan.");
        }
        String configVar = known != null ? known[1]
                : service.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        int cents = plan.matches(".*(mini|essential-0|choklad|standard|hobby).*") ? 300 : 1500;
        return new Plan(id("plan", service + ":" + plan), service, plan, cents, configVar);
    }

    static UUID id(String kind, String name) {
        return UUID.nameUUIDFromBytes((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Named named(String kind, String name) {
        return new Named(id(kind, name), name);
    }

    private static Named find(List<Named> all, String idOrName, String resource, String message) {
        for (Named n : all) {
            if (n.id().toString().equals(idOrName) || n.name().equals(idOrName)) {
                return n;
            }
        }
        throw ApiError.notFound(resource, message);
    }
}
