package dev.tether.sandbox.heroku;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * OCI images of Fir apps ({@code POST /apps/{app}/oci-images}, {@code GET
 * /apps/{app}/oci-images/{id or digest}}), what a Fir build or a push to the app's registry
 * repository leaves behind, and what {@code POST /apps/{app}/releases {oci_image}} runs. An image
 * defines its process types ({@code process_types}, each {@code {name, command, ...}}); one that
 * names none is taken to define {@code web} (a Cloud Native Buildpacks image's default process):
 * an assumption of the sandbox, since a real image's process types come from its buildpacks.
 */
final class OciImageRoutes {

    /** The command the sandbox assumes for an image's default {@code web} process. */
    static final String DEFAULT_WEB = "/cnb/process/web";

    private final HerokuState state;

    OciImageRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/apps/{app}/oci-images", this::create)
                // the schema's Info is "the OCI images of an app, filtered by identifier": an array
                .get("/apps/{app}/oci-images/{image}", call -> Reply.ok(matching(state.app(call.param("app")), call.param("image"))));
    }

    private Reply create(ApiCall call) {
        App app = state.app(call.param("app"));
        requireFir(app);
        Map<String, String> processTypes = new LinkedHashMap<>();
        JsonNode types = call.body.get("process_types");
        if (types != null && types.isObject()) {
            for (var e : types.properties()) {
                String command = Json.text(e.getValue(), "command");
                if (!e.getKey().matches("[-\\w]{1,128}") || command == null) {
                    throw ApiError.invalidParams("Invalid process_types: " + e.getKey() + ".");
                }
                processTypes.put(e.getKey(), command);
            }
        }
        if (processTypes.isEmpty()) {
            processTypes.put("web", DEFAULT_WEB);
        }
        App.Slug image = app.new Slug(processTypes, null, Json.text(call.body, "commit"),
                Json.text(call.body, "commit_description"), null, app.buildStack, state.now());
        String digest = Json.text(call.body, "digest");
        image.digest = digest != null ? digest : "sha256:" + java.util.HexFormat.of().formatHex(
                image.id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 64);
        app.ociImages.put(image.id, image);
        return Reply.created(toJson(image));
    }

    /**
     * Heroku's refusal of OCI images on a Cedar app. The schema gives no body for it; this is the
     * closest real one, the {@code invalid_params} Heroku answers a release of an image to a Cedar app.
     */
    static void requireFir(App app) {
        if (!app.fir()) {
            throw ApiError.invalidParams("OCI images can only be released to Fir-generation apps.");
        }
    }

    /** An image of the account by id or digest (a promotion may release another Fir app's image), or 404. */
    static App.Slug find(HerokuState state, String idOrDigest) {
        for (App app : state.apps.values()) {
            for (App.Slug image : app.ociImages.values()) {
                if (image.id.toString().equals(idOrDigest) || idOrDigest.equals(image.digest)) {
                    return image;
                }
            }
        }
        throw ApiError.notFound("oci_image", "Couldn't find that OCI image.");
    }

    private static tools.jackson.databind.node.ArrayNode matching(App app, String idOrDigest) {
        tools.jackson.databind.node.ArrayNode out = Json.MAPPER.createArrayNode();
        app.ociImages.values().stream().filter(i -> i.id.toString().equals(idOrDigest) || idOrDigest.equals(i.digest))
                .forEach(i -> out.add(toJson(i)));
        return out;
    }

    static ObjectNode toJson(App.Slug image) {
        ObjectNode node = Json.object();
        node.put("id", image.id.toString());
        node.put("architecture", "amd64");
        node.put("base_image_name", "heroku/heroku:24-cnb");
        node.put("base_top_layer", image.digest);
        node.put("commit", image.commit == null ? "" : image.commit);
        node.put("commit_description", image.commitDescription == null ? "" : image.commitDescription);
        node.put("image_repo", image.app().id + "/builds");
        node.put("digest", image.digest);
        ObjectNode stack = node.putObject("stack");
        stack.put("id", Catalog.id("stack", "cnb").toString());
        stack.put("name", "cnb");
        ObjectNode types = node.putObject("process_types");
        new java.util.TreeMap<>(image.processTypes).forEach((name, command) -> types.putObject(name)
                .put("name", name).put("display_cmd", command).put("command", command).put("working_dir", "/workspace")
                .put("default", "web".equals(name)));
        node.putArray("buildpacks");
        node.put("created_at", Json.time(image.createdAt));
        node.put("updated_at", Json.time(image.createdAt));
        return node;
    }
}
