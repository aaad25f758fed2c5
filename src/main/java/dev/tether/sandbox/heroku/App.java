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
 * state lock. As on Heroku, a new app has no formation at all: a process type exists only
 * once the current release's slug defines it (see {@link #defineProcesses}).
 */
final class App {

    UUID id = UUID.randomUUID();
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
    String hostSuffix = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()).substring(0, 12);

    final Map<String, String> config = new LinkedHashMap<>();
    final Map<String, Formation> formation = new LinkedHashMap<>();
    final Map<UUID, Addon> addons = new LinkedHashMap<>();
    final Map<UUID, Domain> domains = new LinkedHashMap<>();
    final List<String> buildpacks = new ArrayList<>();
    final List<Release> releases = new ArrayList<>();
    final Map<UUID, Webhook> webhooks = new LinkedHashMap<>();
    final Map<UUID, Slug> slugs = new LinkedHashMap<>();
    /** OCI images (Fir apps): a {@link Slug} with a digest, kept apart so no slug call finds one. */
    final Map<UUID, Slug> ociImages = new LinkedHashMap<>();
    final Map<UUID, Build> builds = new LinkedHashMap<>();

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

    /** The slug the current release runs, or null while no code was ever released. */
    Slug currentSlug() {
        Release current = currentRelease();
        return current == null ? null : current.slug;
    }

    /**
     * Heroku's formation rule on a release: the formation holds exactly the process types the
     * released slug defines. A type new to the app starts at 0 dynos, except {@code web}, which
     * Heroku scales to 1 on the release that first defines it; a type the slug lacks is removed.
     */
    void defineProcesses(Map<String, String> processTypes, Instant now) {
        formation.keySet().retainAll(processTypes.keySet());
        processTypes.forEach((type, command) -> {
            Formation existing = formation.get(type);
            if (existing == null) {
                Formation created = new Formation(type, command, Catalog.dynoSize(Catalog.DEFAULT_SIZE), now);
                created.quantity = "web".equals(type) ? 1 : 0;
                formation.put(type, created);
            } else {
                existing.command = command;
            }
        });
    }

    /** The platform generation: the space's ({@code fir} in a Fir space), else {@code cedar}. */
    String generation() {
        return space == null ? "cedar" : space.generation;
    }

    boolean fir() {
        return "fir".equals(generation());
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
        generation.put("id", Catalog.id("generation", generation()).toString());
        generation.put("name", generation());
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
        UUID id = UUID.randomUUID();
        final String type;
        String command;
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
        UUID id = UUID.randomUUID();
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

    /**
     * A numbered, immutable change to code, config or add-ons, with who made it. It runs
     * {@code slug} (null until code was first released), which config and add-on releases
     * carry over from the release before them.
     */
    final class Release {
        UUID id = UUID.randomUUID();
        final int version;
        final String description;
        final User user;
        final Instant createdAt;
        final Map<String, String> config;
        final List<String> addonPlanNames;
        final Slug slug;

        Release(int version, String description, User user, Instant now, Map<String, String> config,
                List<String> addonPlanNames, Slug slug) {
            this.version = version;
            this.description = description;
            this.user = user;
            this.createdAt = now;
            this.config = config;
            this.addonPlanNames = addonPlanNames;
            this.slug = slug;
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            var plans = node.putArray("addon_plan_names");
            addonPlanNames.forEach(plans::add);
            var artifacts = node.putArray("artifacts");
            boolean image = slug != null && slug.digest != null;
            if (image) {
                artifacts.addObject().put("type", "oci-image").put("id", slug.id.toString());
            }
            node.set("app", ref());
            node.put("created_at", Json.time(createdAt));
            node.put("description", description);
            node.put("id", id.toString());
            node.put("updated_at", Json.time(createdAt));
            if (slug == null || image) {
                node.putNull("slug");
            } else {
                node.putObject("slug").put("id", slug.id.toString());
            }
            node.put("status", "succeeded");
            node.set("user", user.ref());
            node.put("version", version);
            node.put("current", currentRelease() == this);
            node.putNull("output_stream_url");
            node.put("eligible_for_rollback", slug != null);
            return node;
        }
    }

    /**
     * Compiled code: the process types it defines (a build takes them from the source's
     * {@code Procfile}) and the version it was built from ({@code commit}).
     */
    final class Slug {
        UUID id = UUID.randomUUID();
        final Map<String, String> processTypes;
        final String checksum;
        final String commit;
        final String commitDescription;
        final String buildpackDescription;
        final Catalog.Named slugStack;
        final Instant createdAt;
        /** The uploaded archive's size once its blob was PUT (or a build made it); null before. */
        Long size;
        /** Set for an OCI image (Fir): its content digest; null for a slug. */
        String digest;

        Slug(Map<String, String> processTypes, String checksum, String commit, String commitDescription,
             String buildpackDescription, Catalog.Named slugStack, Instant now) {
            this.processTypes = Map.copyOf(processTypes);
            this.checksum = checksum;
            this.commit = commit;
            this.commitDescription = commitDescription;
            this.buildpackDescription = buildpackDescription;
            this.slugStack = slugStack;
            this.createdAt = now;
        }

        App app() {
            return App.this;
        }

        ObjectNode toJson(String blobMethod, String blobUrl) {
            ObjectNode node = Json.object();
            ObjectNode blob = node.putObject("blob");
            blob.put("method", blobMethod);
            blob.put("url", blobUrl);
            node.put("buildpack_provided_description", buildpackDescription);
            node.put("checksum", checksum);
            node.put("commit", commit);
            node.put("commit_description", commitDescription);
            node.put("created_at", Json.time(createdAt));
            node.put("id", id.toString());
            ObjectNode types = node.putObject("process_types");
            new java.util.TreeMap<>(processTypes).forEach(types::put);
            if (size == null) {
                node.putNull("size");
            } else {
                node.put("size", size);
            }
            node.set("stack", slugStack.ref());
            node.put("updated_at", Json.time(createdAt));
            return node;
        }
    }

    /** A build of a source tarball: pending until the sandbox has fetched and read it. */
    final class Build {
        UUID id = UUID.randomUUID();
        final String sourceUrl;
        final String sourceChecksum;
        final String sourceVersion;
        final String sourceVersionDescription;
        final List<String> buildpackUrls;
        final User user;
        final Instant createdAt;
        Instant updatedAt;
        String status = "pending";
        Slug slug;
        Release release;
        final StringBuilder output = new StringBuilder();

        Build(String sourceUrl, String sourceChecksum, String sourceVersion, String sourceVersionDescription,
              List<String> buildpackUrls, User user, Instant now) {
            this.sourceUrl = sourceUrl;
            this.sourceChecksum = sourceChecksum;
            this.sourceVersion = sourceVersion;
            this.sourceVersionDescription = sourceVersionDescription;
            this.buildpackUrls = List.copyOf(buildpackUrls);
            this.user = user;
            this.createdAt = now;
            this.updatedAt = now;
        }

        App app() {
            return App.this;
        }

        ObjectNode toJson(String outputStreamUrl) {
            ObjectNode node = Json.object();
            node.putObject("app").put("id", id().toString());
            var packs = node.putArray("buildpacks");
            buildpackUrls.forEach(url -> {
                ObjectNode pack = packs.addObject();
                pack.put("url", url);
                pack.put("name", url);
            });
            node.put("created_at", Json.time(createdAt));
            node.put("id", id.toString());
            node.put("output_stream_url", outputStreamUrl);
            if (release == null) {
                node.putNull("release");
            } else {
                node.putObject("release").put("id", release.id.toString());
            }
            if (slug == null) {
                node.putNull("slug");
            } else {
                node.putObject("slug").put("id", slug.id.toString());
            }
            ObjectNode source = node.putObject("source_blob");
            source.put("checksum", sourceChecksum);
            source.put("url", sourceUrl);
            source.put("version", sourceVersion);
            source.put("version_description", sourceVersionDescription);
            node.put("stack", buildStack.name());
            node.put("status", status);
            node.put("updated_at", Json.time(updatedAt));
            node.set("user", user.ref());
            return node;
        }

        private UUID id() {
            return App.this.id;
        }
    }
}
