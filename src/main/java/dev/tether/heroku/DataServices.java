package dev.tether.heroku;

import java.util.Set;

/**
 * Which add-ons hold data (DESIGN §3 "Safety"): decided by the add-on's service, as Heroku names
 * it in {@code addon_service.name}, never by plan. Destroying one (removing it from the spec, or
 * deleting the app it is billed to) is held until the resource says {@code allowDestroyData: true}.
 *
 * <p>Heroku's add-on service API has no field saying a service stores data, so the services are
 * named here: Heroku's own data stores (Postgres, Key-Value Store/Redis, Kafka) and the common
 * third-party databases and search stores. Anything else (loggers, schedulers, monitoring) is
 * destroyed like any other entity, within {@code tether.max-deletes-per-pass}.
 */
public final class DataServices {

    static final Set<String> DATA = Set.of(
            "heroku-postgresql", "heroku-redis", "heroku-kafka",
            "jawsdb", "jawsdb-maria", "cleardb", "mongolab", "ormongo", "objectrocket",
            "bonsai", "searchbox", "elephantsql", "rediscloud", "redisgreen", "memcachier",
            "graphenedb", "cloudamqp", "stackhero-postgresql", "stackhero-mysql", "stackhero-redis",
            "heroku-data-for-redis");

    private DataServices() {
    }

    /** Whether an add-on of {@code service} ({@code heroku-postgresql}) holds data. */
    public static boolean holdsData(String service) {
        return service != null && DATA.contains(service);
    }
}
