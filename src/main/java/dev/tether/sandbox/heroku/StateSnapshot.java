package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulated account as JSON, so that it survives a restart of the sandbox: teams, spaces
 * and every app with its config vars, formation, add-ons, domains, buildpacks, releases,
 * slugs, builds and webhooks (secrets included: they are the emulated world's own data, and
 * the file is its owner's only). Everything keeps its id, so nothing a client holds goes
 * stale. Not kept: tokens (the sandbox hands them out again on start), the call log, faults,
 * the rate budget and past webhook deliveries, which belong to one run.
 */
final class StateSnapshot {

    private StateSnapshot() {
    }

    /** The whole state; call under the state's lock. */
    static byte[] write(HerokuState state) {
        ObjectNode root = Json.object();
        root.put("version", 1);
        ArrayNode spaces = root.putArray("spaces");
        state.spaces.values().forEach(s -> spaces.add(space(s)));
        ArrayNode apps = root.putArray("apps");
        state.apps.values().forEach(a -> apps.add(app(a)));
        ArrayNode attachments = root.putArray("attachments");
        state.attachments.values().forEach(x -> attachments.addObject()
                .put("id", x.id.toString()).put("name", x.name).put("addon", x.addon.id.toString())
                .put("app", x.app.id.toString()).put("created_at", x.createdAt.toString()));
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /**
     * Replaces the state with a snapshot {@link #write} made, reopening the backend of every
     * app with a web dyno (on its old port when that port is free). Returns the builds that
     * were still pending, for the caller to run again.
     */
    static List<App.Build> load(HerokuState state, byte[] snapshot) {
        JsonNode root = Json.MAPPER.readTree(snapshot);
        state.spaces.clear();
        for (JsonNode s : root.path("spaces")) {
            Space space = new Space(Json.text(s, "name"), team(Json.text(s, "team")), Catalog.region(Json.text(s, "region")),
                    s.path("shield").asBoolean(), Json.text(s, "cidr"), time(s, "created_at"));
            space.id = uuid(s, "id");
            space.updatedAt = time(s, "updated_at");
            space.generation = s.path("generation").asString("cedar");
            state.spaces.put(space.id, space);
        }
        state.apps.clear();
        Map<UUID, App.Slug> slugs = new HashMap<>();
        for (JsonNode a : root.path("apps")) {
            App app = appShell(state, a);
            for (JsonNode s : a.path("slugs")) {
                App.Slug slug = slug(app, s);
                app.slugs.put(slug.id, slug);
                slugs.put(slug.id, slug);
            }
            for (JsonNode s : a.path("oci_images")) {
                App.Slug image = slug(app, s);
                image.digest = Json.text(s, "digest");
                app.ociImages.put(image.id, image);
                slugs.put(image.id, image);
            }
            state.apps.put(app.id, app);
        }
        // Releases may run another app's slug (a promotion), so they are read once every slug is.
        List<App.Build> pending = new ArrayList<>();
        for (JsonNode a : root.path("apps")) {
            App app = state.apps.get(uuid(a, "id"));
            Map<UUID, App.Release> releases = new HashMap<>();
            for (JsonNode r : a.path("releases")) {
                App.Release release = app.new Release(r.path("version").asInt(), Json.text(r, "description"),
                        User.of(Json.text(r, "user")), time(r, "created_at"), Map.copyOf(strings(r.path("config"))),
                        List.copyOf(list(r.path("addon_plan_names"))), r.hasNonNull("slug") ? slugs.get(uuid(r, "slug")) : null);
                release.id = uuid(r, "id");
                app.releases.add(release);
                releases.put(release.id, release);
            }
            for (JsonNode b : a.path("builds")) {
                App.Build build = app.new Build(Json.text(b, "source_url"), Json.text(b, "source_checksum"),
                        Json.text(b, "source_version"), Json.text(b, "source_version_description"), list(b.path("buildpack_urls")),
                        User.of(Json.text(b, "user")), time(b, "created_at"));
                build.id = uuid(b, "id");
                build.updatedAt = time(b, "updated_at");
                build.status = Json.text(b, "status");
                build.slug = b.hasNonNull("slug") ? slugs.get(uuid(b, "slug")) : null;
                build.release = b.hasNonNull("release") ? releases.get(uuid(b, "release")) : null;
                build.output.append(Json.text(b, "output"));
                app.builds.put(build.id, build);
                if ("pending".equals(build.status)) {
                    pending.add(build);
                }
            }
            int port = a.path("backend_port").asInt();
            if (port > 0 && app.webQuantity() >= 1) {
                app.backendPort = state.backends.open(app.id, port);
            }
        }
        // attachments of one app's add-on to another (the billing ones come with their add-ons)
        state.attachments.clear();
        Map<UUID, Addon> addons = new HashMap<>();
        state.apps.values().forEach(app -> addons.putAll(app.addons));
        for (JsonNode x : root.path("attachments")) {
            Addon addon = addons.get(uuid(x, "addon"));
            App app = state.apps.get(uuid(x, "app"));
            if (addon != null && app != null) {
                Attachment attachment = new Attachment(uuid(x, "id"), Json.text(x, "name"), addon, app, time(x, "created_at"));
                state.attachments.put(attachment.id, attachment);
            }
        }
        return pending;
    }

    private static App.Slug slug(App app, JsonNode s) {
        App.Slug slug = app.new Slug(strings(s.path("process_types")), Json.text(s, "checksum"), Json.text(s, "commit"),
                Json.text(s, "commit_description"), Json.text(s, "buildpack_description"),
                Catalog.stack(Json.text(s, "stack")), time(s, "created_at"));
        slug.id = uuid(s, "id");
        slug.size = s.path("size").isNumber() ? s.path("size").asLong() : null;
        return slug;
    }

    private static ObjectNode slugJson(App.Slug s) {
        ObjectNode slug = Json.object()
                .put("id", s.id.toString()).put("checksum", s.checksum).put("commit", s.commit)
                .put("commit_description", s.commitDescription).put("buildpack_description", s.buildpackDescription)
                .put("stack", s.slugStack.name()).put("created_at", s.createdAt.toString()).put("size", s.size);
        slug.set("process_types", strings(s.processTypes));
        if (s.digest != null) {
            slug.put("digest", s.digest);
        }
        return slug;
    }

    private static ObjectNode space(Space s) {
        ObjectNode node = Json.object();
        node.put("id", s.id.toString());
        node.put("name", s.name);
        node.put("team", s.team.name());
        node.put("region", s.region.name());
        node.put("shield", s.shield);
        node.put("cidr", s.cidr);
        node.put("created_at", s.createdAt.toString());
        node.put("updated_at", s.updatedAt.toString());
        node.put("generation", s.generation);
        return node;
    }

    private static ObjectNode app(App a) {
        ObjectNode node = Json.object();
        node.put("id", a.id.toString());
        node.put("name", a.name);
        node.put("host_suffix", a.hostSuffix);
        node.put("region", a.region.name());
        node.put("stack", a.stack.name());
        node.put("build_stack", a.buildStack.name());
        node.put("space", a.space == null ? null : a.space.id.toString());
        node.put("team", a.team == null ? null : a.team.name());
        if (a.internalRouting != null) {
            node.put("internal_routing", a.internalRouting);
        }
        node.put("maintenance", a.maintenance);
        node.put("locked", a.locked);
        node.put("owner", a.owner.email());
        node.put("created_at", a.createdAt.toString());
        node.put("updated_at", a.updatedAt.toString());
        node.put("released_at", a.releasedAt.toString());
        node.set("config", strings(a.config));
        node.set("buildpacks", Json.MAPPER.valueToTree(a.buildpacks));
        node.put("backend_port", a.backendPort);
        node.put("backend_key_check", a.backendKeyCheck);
        ArrayNode formation = node.putArray("formation");
        a.formation.values().forEach(f -> formation.addObject()
                .put("id", f.id.toString()).put("type", f.type).put("command", f.command).put("quantity", f.quantity)
                .put("size", f.size.name()).put("created_at", f.createdAt.toString()).put("updated_at", f.updatedAt.toString()));
        ArrayNode addons = node.putArray("addons");
        a.addons.values().forEach(x -> addons.addObject()
                .put("id", x.id.toString()).put("name", x.name).put("plan", x.plan.fullName()).put("config_var", x.configVar)
                .put("created_at", x.createdAt.toString()).put("updated_at", x.updatedAt.toString()));
        ArrayNode domains = node.putArray("domains");
        a.domains.values().forEach(d -> domains.addObject()
                .put("id", d.id.toString()).put("hostname", d.hostname).put("kind", d.kind).put("cname", d.cname)
                .put("created_at", d.createdAt.toString()));
        ArrayNode webhooks = node.putArray("webhooks");
        a.webhooks.values().forEach(w -> webhooks.addObject()
                .put("id", w.id.toString()).put("url", w.url).put("level", w.level).put("secret", w.secret)
                .put("authorization", w.authorization).put("created_at", w.createdAt.toString())
                .put("updated_at", w.updatedAt.toString()).set("include", Json.MAPPER.valueToTree(w.include)));
        ArrayNode slugs = node.putArray("slugs");
        a.slugs.values().forEach(s -> slugs.add(slugJson(s)));
        ArrayNode images = node.putArray("oci_images");
        a.ociImages.values().forEach(s -> images.add(slugJson(s)));
        ArrayNode releases = node.putArray("releases");
        a.releases.forEach(r -> {
            ObjectNode release = releases.addObject()
                    .put("id", r.id.toString()).put("version", r.version).put("description", r.description)
                    .put("user", r.user.email()).put("created_at", r.createdAt.toString())
                    .put("slug", r.slug == null ? null : r.slug.id.toString());
            release.set("config", strings(r.config));
            release.set("addon_plan_names", Json.MAPPER.valueToTree(r.addonPlanNames));
        });
        ArrayNode builds = node.putArray("builds");
        a.builds.values().forEach(b -> builds.addObject()
                .put("id", b.id.toString()).put("source_url", b.sourceUrl).put("source_checksum", b.sourceChecksum)
                .put("source_version", b.sourceVersion).put("source_version_description", b.sourceVersionDescription)
                .put("user", b.user.email()).put("created_at", b.createdAt.toString()).put("updated_at", b.updatedAt.toString())
                .put("status", b.status).put("slug", b.slug == null ? null : b.slug.id.toString())
                .put("release", b.release == null ? null : b.release.id.toString()).put("output", b.output.toString())
                .set("buildpack_urls", Json.MAPPER.valueToTree(b.buildpackUrls)));
        return node;
    }

    /** An app with everything but its releases and builds, which may point at other apps' slugs. */
    private static App appShell(HerokuState state, JsonNode a) {
        Space space = a.hasNonNull("space") ? state.spaces.get(uuid(a, "space")) : null;
        Boolean internalRouting = a.hasNonNull("internal_routing") ? a.get("internal_routing").asBoolean() : null;
        App app = new App(Json.text(a, "name"), Catalog.region(Json.text(a, "region")), Catalog.stack(Json.text(a, "stack")),
                space, a.hasNonNull("team") ? team(Json.text(a, "team")) : null, internalRouting,
                User.of(Json.text(a, "owner")), time(a, "created_at"));
        app.id = uuid(a, "id");
        app.hostSuffix = Json.text(a, "host_suffix");
        app.buildStack = Catalog.stack(Json.text(a, "build_stack"));
        app.maintenance = a.path("maintenance").asBoolean();
        app.locked = a.path("locked").asBoolean();
        app.updatedAt = time(a, "updated_at");
        app.releasedAt = time(a, "released_at");
        app.backendKeyCheck = a.path("backend_key_check").asBoolean(true);
        app.config.putAll(strings(a.path("config")));
        app.buildpacks.addAll(list(a.path("buildpacks")));
        for (JsonNode f : a.path("formation")) {
            App.Formation formation = app.new Formation(Json.text(f, "type"), Json.text(f, "command"),
                    Catalog.dynoSize(Json.text(f, "size")), time(f, "created_at"));
            formation.id = uuid(f, "id");
            formation.quantity = f.path("quantity").asInt();
            formation.updatedAt = time(f, "updated_at");
            app.formation.put(formation.type, formation);
        }
        for (JsonNode x : a.path("addons")) {
            Addon addon = new Addon(Json.text(x, "name"), app, Catalog.plan(Json.text(x, "plan")), Json.text(x, "config_var"),
                    time(x, "created_at"));
            addon.id = uuid(x, "id");
            addon.updatedAt = time(x, "updated_at");
            app.addons.put(addon.id, addon);
        }
        app.domains.clear(); // the constructor's herokuapp.com domain comes back with its old id below
        for (JsonNode d : a.path("domains")) {
            App.Domain domain = app.new Domain(Json.text(d, "hostname"), Json.text(d, "kind"), Json.text(d, "cname"),
                    time(d, "created_at"));
            domain.id = uuid(d, "id");
            app.domains.put(domain.id, domain);
        }
        for (JsonNode w : a.path("webhooks")) {
            Webhook webhook = new Webhook(app, Json.text(w, "url"), list(w.path("include")), Json.text(w, "level"),
                    Json.text(w, "secret"), Json.text(w, "authorization"), time(w, "created_at"));
            webhook.id = uuid(w, "id");
            webhook.updatedAt = time(w, "updated_at");
            app.webhooks.put(webhook.id, webhook);
        }
        return app;
    }

    private static Catalog.Named team(String name) {
        return Catalog.team(name);
    }

    private static UUID uuid(JsonNode node, String field) {
        return UUID.fromString(Json.text(node, field));
    }

    private static Instant time(JsonNode node, String field) {
        return Instant.parse(Json.text(node, field));
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode node = Json.object();
        map.forEach(node::put);
        return node;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asString()));
        return map;
    }

    private static List<String> list(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(v -> out.add(v.asString()));
        return out;
    }
}
