package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ObjectNode;

/**
 * One emulated Heroku app and everything hanging off it. Mutated only under the emulator's
 * state lock. Every app behaves as if a slug with a {@code web} process had been released, so
 * the {@code web} formation exists from the start at quantity 0.
 */
final class App {

    final UUID id = UUID.randomUUID();
    String name;
    final Catalog.Named region;
    final Catalog.Named stack;
    Catalog.Named buildStack;
    final Space space;
    /** Null for a personal app; changed by a transfer. */
    Catalog.Named team;
    final Boolean internalRouting;
    boolean maintenance;
    /** A team app's lock (team members need explicit permissions); set with PATCH /teams/apps. */
    boolean locked;
    User owner;
    final Instant createdAt;
    Instant updatedAt;
    Instant releasedAt;
    /** The suffix of the app's herokuapp.com host, as Heroku adds since 2023. */
    final String hostSuffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);

    final Map<String, String> config = new LinkedHashMap<>();
    final Map<String, Formation> formation = new LinkedHashMap<>();
    final Map<UUID, Addon> addons = new LinkedHashMap<>();
    final Map<UUID, Domain> domains = new LinkedHashMap<>();
    final List<String> buildpacks = new ArrayList<>();
    final List<Release> releases = new ArrayList<>();
    final Map<UUID, Webhook> webhooks = new LinkedHashMap<>();

    /** Loopback port of this app's sandbox backend once it has been scaled up; 0 before. */
    int backendPort;
    /** Whether the backend demands {@code X-Internal-API-Key}; the control surface can turn it off. */
    boolean backendKeyCheck = true;

    App(String name, Catalog.Named region, Catalog.Named stack, Space space, Catalog.Named team,
        Boolean internalRouting, User owner, Instant now) {
        this.name = name;
        this.region = region;
        this.stack = stack;
        this.buildStack = stack;
        this.space = space;
        this.team = team;
        this.internalRouting = internalRouting;
        this.owner = owner;
        this.createdAt = now;
        this.updatedAt = now;
        this.releasedAt = now;
        formation.put("web", new Formation("web", "npm start", Catalog.dynoSize(Catalog.DEFAULT_SIZE), now));
        Domain herokuDomain = new Domain(herokuHost(), "heroku", null, now);
        domains.put(herokuDomain.id, herokuDomain);
    }

    String herokuHost() {
        return name + "-" + hostSuffix + ".herokuapp.com";
    }

    String webUrl() {
        return backendPort > 0 ? "http://127.0.0.1:" + backendPort + "/" : "https://" + herokuHost() + "/";
    }

    int webQuantity() {
        Formation web = formation.get("web");
        return web == null ? 0 : web.quantity;
    }

    Release currentRelease() {
        return releases.isEmpty() ? null : releases.getLast();
    }

    ObjectNode ref() {
        ObjectNode node = Json.object();
        node.put("id", id.toString());
        node.put("name", name);
        return node;
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("acm", false);
        node.putNull("archived_at");
        node.putNull("buildpack_provided_description");
        node.set("build_stack", buildStack.ref());
        node.put("created_at", Json.time(createdAt));
        ObjectNode generation = Json.object();
        generation.put("id", Catalog.id("generation", "cedar").toString());
        generation.put("name", "cedar");
        node.set("generation", generation);
        node.put("git_url", "https://git.heroku.com/" + name + ".git");
        node.put("id", id.toString());
        if (internalRouting == null) {
            node.putNull("internal_routing");
        } else {
            node.put("internal_routing", internalRouting);
        }
        node.put("maintenance", maintenance);
        node.put("name", name);
        // a team app's owner is the team's own account, <team>@herokumanager.com (the CLI tells team apps by it)
        node.set("owner", team == null ? owner.ref() : new User(team.id(), team.name() + "@herokumanager.com").ref());
        if (team == null) {
            node.putNull("organization");
            node.putNull("team");
        } else {
            node.set("organization", team.ref());
            node.set("team", team.ref());
        }
        node.set("region", region.ref());
        node.put("released_at", Json.time(releasedAt));
        node.putNull("repo_size");
        node.putNull("slug_size");
        if (space == null) {
            node.putNull("space");
        } else {
            node.set("space", space.ref());
        }
        node.set("stack", stack.ref());
        node.put("updated_at", Json.time(updatedAt));
        node.put("web_url", webUrl());
        return node;
    }

    /** A process type's dyno count and size. */
    final class Formation {
        final UUID id = UUID.randomUUID();
        final String type;
        final String command;
        int quantity;
        Catalog.Named size;
        final Instant createdAt;
        Instant updatedAt;

        Formation(String type, String command, Catalog.Named size, Instant now) {
            this.type = type;
            this.command = command;
            this.size = size;
            this.createdAt = now;
            this.updatedAt = now;
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.set("app", ref());
            node.put("command", command);
            node.put("created_at", Json.time(createdAt));
            node.set("dyno_size", size.ref());
            node.put("id", id.toString());
            node.put("quantity", quantity);
            node.put("size", size.name());
            node.put("type", type);
            node.put("updated_at", Json.time(updatedAt));
            return node;
        }
    }

    /** A hostname routed to the app: its own herokuapp.com host ({@code heroku}) or a custom one. */
    final class Domain {
        final UUID id = UUID.randomUUID();
        final String hostname;
        final String kind;
        final String cname;
        final Instant createdAt;

        Domain(String hostname, String kind, String cname, Instant now) {
            this.hostname = hostname;
            this.kind = kind;
            this.cname = cname;
            this.createdAt = now;
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.putNull("acm_status");
            node.putNull("acm_status_reason");
            node.set("app", ref());
            if (cname == null) {
                node.putNull("cname");
            } else {
                node.put("cname", cname);
            }
            node.put("created_at", Json.time(createdAt));
            node.put("hostname", hostname);
            node.put("id", id.toString());
            node.put("kind", kind);
            node.put("updated_at", Json.time(createdAt));
            node.put("status", "succeeded");
            node.putNull("sni_endpoint");
            return node;
        }
    }

    /** A numbered, immutable change to config or add-ons, with who made it. */
    final class Release {
        final UUID id = UUID.randomUUID();
        final int version;
        final String description;
        final User user;
        final Instant createdAt;
        final Map<String, String> config;
        final List<String> addonPlanNames;

        Release(int version, String description, User user, Instant now, Map<String, String> config,
                List<String> addonPlanNames) {
            this.version = version;
            this.description = description;
            this.user = user;
            this.createdAt = now;
            this.config = config;
            this.addonPlanNames = addonPlanNames;
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            var plans = node.putArray("addon_plan_names");
            addonPlanNames.forEach(plans::add);
            node.putArray("artifacts");
            node.set("app", ref());
            node.put("created_at", Json.time(createdAt));
            node.put("description", description);
            node.put("id", id.toString());
            node.put("updated_at", Json.time(createdAt));
            node.putNull("slug");
            node.put("status", "succeeded");
            node.set("user", user.ref());
            node.put("version", version);
            node.put("current", currentRelease() == this);
            node.putNull("output_stream_url");
            node.put("eligible_for_rollback", true);
            return node;
        }
    }
}
