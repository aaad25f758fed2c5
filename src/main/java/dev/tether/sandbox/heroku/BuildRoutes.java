package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tools.jackson.databind.JsonNode;

/**
 * Builds and slugs. {@code POST /apps/{app}/builds} answers a {@code pending} build at once;
 * the source is then fetched and read off the request (see {@link SourceArchive}), and the
 * build becomes {@code succeeded} with a slug whose process types its {@code Procfile}
 * declares and a release of that slug, or {@code failed} with the reason in its output
 * stream. {@code POST /apps/{app}/slugs} creates a slug from given {@code process_types}, with
 * a loopback blob URL to PUT the archive to.
 */
final class BuildRoutes implements AutoCloseable {

    private final HerokuState state;
    private final ExecutorService builder = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "heroku-emulator-builder");
        t.setDaemon(true);
        return t;
    });

    BuildRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/apps/{app}/builds", this::createBuild)
                .list("/apps/{app}/builds", List.of("id", "started_at"),
                        call -> Reply.list(state.app(call.param("app")).builds.values().stream().map(this::json).toList()))
                .get("/apps/{app}/builds/{build}", call -> Reply.ok(json(build(state.app(call.param("app")), call.param("build")))))
                .post("/apps/{app}/slugs", this::createSlug)
                .get("/apps/{app}/slugs/{slug}", call -> Reply.ok(slugJson(slug(state.app(call.param("app")), call.param("slug")), "get")));
    }

    private Reply createBuild(ApiCall call) {
        App app = state.app(call.param("app"));
        JsonNode source = call.body.get("source_blob");
        String url = source == null ? null : Json.text(source, "url");
        if (url == null) {
            throw ApiError.invalidParams("Missing required params: source_blob:url.");
        }
        List<String> buildpacks = new ArrayList<>();
        JsonNode packs = call.body.get("buildpacks");
        if (packs != null && packs.isArray()) {
            packs.forEach(p -> {
                String id = Json.text(p, "url") != null ? Json.text(p, "url") : Json.text(p, "name");
                if (id != null) {
                    buildpacks.add(id);
                }
            });
        } else {
            buildpacks.addAll(app.buildpacks);
        }
        App.Build build = app.new Build(url, Json.text(source, "checksum"), Json.text(source, "version"),
                Json.text(source, "version_description"), buildpacks, call.user, state.now());
        app.builds.put(build.id, build);
        build.output.append("-----> Building on the sandbox's ").append(app.buildStack.name()).append(" stack\n");
        state.publish(app, "api:build", "build", "create", call.user, json(build), null);
        builder.execute(() -> run(app.id, build));
        return Reply.created(json(build));
    }

    /** Fetches and reads the source off the state lock, then records the outcome under it. */
    private void run(UUID appId, App.Build build) {
        Map<String, String> types = null;
        String failure = null;
        String checksum = null;
        try {
            byte[] archive = SourceArchive.fetch(build.sourceUrl);
            checksum = SourceArchive.checksum(archive);
            if (build.sourceChecksum != null && !build.sourceChecksum.equalsIgnoreCase(checksum)) {
                throw new SourceArchive.BuildFailure("Checksum mismatch: the source is " + checksum
                        + ", the build asked for " + build.sourceChecksum + ".");
            }
            types = SourceArchive.processTypes(archive);
        } catch (SourceArchive.BuildFailure e) {
            failure = e.getMessage();
        } catch (RuntimeException e) {
            failure = "The build failed: " + e;
        }
        synchronized (state) {
            App app = state.apps.get(appId);
            if (app == null) {
                return;
            }
            build.updatedAt = state.now();
            if (failure != null) {
                build.status = "failed";
                build.output.append(" !     ").append(failure).append("\n").append(" !     Push rejected, failed to compile app.\n");
            } else {
                build.output.append("-----> Procfile declares types -> ").append(String.join(", ", types.keySet())).append("\n");
                App.Slug slug = app.new Slug(types, checksum, build.sourceVersion, build.sourceVersionDescription,
                        "Sandbox", app.buildStack, state.now());
                app.slugs.put(slug.id, slug);
                build.slug = slug;
                build.release = state.release(app, build.sourceVersion == null ? "Deploy" : "Deploy " + build.sourceVersion,
                        build.user, slug);
                build.status = "succeeded";
                build.output.append("-----> Launching...\n       Released v").append(build.release.version).append("\n");
            }
            state.publish(app, "api:build", "build", "update", build.user, json(build), null);
            state.changed();
        }
    }

    /** Runs a build again that was still pending when the sandbox stopped. */
    void resume(App.Build build) {
        UUID appId = build.app().id;
        builder.execute(() -> run(appId, build));
    }

    private Reply createSlug(ApiCall call) {
        App app = state.app(call.param("app"));
        JsonNode types = call.body.get("process_types");
        if (types == null || !types.isObject()) {
            throw ApiError.invalidParams("Missing required params: process_types.");
        }
        Map<String, String> processTypes = new java.util.LinkedHashMap<>();
        for (var e : types.properties()) {
            if (!e.getKey().matches("[-\\w]{1,128}") || !e.getValue().isString()) {
                throw ApiError.invalidParams("Invalid process_types: " + e.getKey() + ".");
            }
            processTypes.put(e.getKey(), e.getValue().asString());
        }
        String stackId = Json.identity(call.body, "stack");
        App.Slug slug = app.new Slug(processTypes, Json.text(call.body, "checksum"), Json.text(call.body, "commit"),
                Json.text(call.body, "commit_description"), Json.text(call.body, "buildpack_provided_description"),
                stackId == null ? app.buildStack : Catalog.stack(stackId), state.now());
        app.slugs.put(slug.id, slug);
        return Reply.created(slugJson(slug, "put"));
    }

    private tools.jackson.databind.node.ObjectNode json(App.Build build) {
        return build.toJson(state.baseUrl + "/__sandbox/builds/" + build.id + "/output");
    }

    private tools.jackson.databind.node.ObjectNode slugJson(App.Slug slug, String method) {
        return slug.toJson(method, state.baseUrl + "/__sandbox/slugs/" + slug.id + "/blob");
    }

    private static App.Build build(App app, String id) {
        return app.builds.values().stream().filter(b -> b.id.toString().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound("build", "Couldn't find that build."));
    }

    private static App.Slug slug(App app, String id) {
        return app.slugs.values().stream().filter(s -> s.id.toString().equals(id)).findFirst()
                .orElseThrow(() -> ApiError.notFound("slug", "Couldn't find that slug."));
    }

    /** A build's output as plain text, for its {@code output_stream_url}. */
    Optional<String> output(String buildId) {
        synchronized (state) {
            return state.apps.values().stream().flatMap(a -> a.builds.values().stream())
                    .filter(b -> b.id.toString().equals(buildId)).findFirst().map(b -> b.output.toString());
        }
    }

    /** Records a slug's uploaded archive size (the blob itself is not kept); false for an unknown slug. */
    boolean upload(String slugId, long size) {
        synchronized (state) {
            for (App app : state.apps.values()) {
                App.Slug slug = app.slugs.get(parse(slugId));
                if (slug != null) {
                    slug.size = size;
                    state.changed();
                    return true;
                }
            }
            return false;
        }
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
