package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Buildpack installations: the ordered list, replaced as a whole by {@code PUT}. */
final class BuildpackRoutes {

    private final HerokuState state;

    BuildpackRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get("/apps/{app}/buildpack-installations", call -> Reply.ok(toJson(state.app(call.param("app")))))
                .put("/apps/{app}/buildpack-installations", this::replace);
    }

    private Reply replace(ApiCall call) {
        App app = state.app(call.param("app"));
        JsonNode updates = call.body.get("updates");
        if (updates == null || !updates.isArray()) {
            throw ApiError.invalidParams("Missing required params: updates.");
        }
        List<String> urls = new ArrayList<>();
        for (JsonNode u : updates) {
            String buildpack = Json.text(u, "buildpack");
            if (buildpack == null || buildpack.isBlank()) {
                throw ApiError.invalidParams("Missing required params: buildpack.");
            }
            if (urls.contains(buildpack)) {
                throw ApiError.invalidParams("Buildpack " + buildpack + " is listed more than once.");
            }
            urls.add(buildpack);
        }
        app.buildpacks.clear();
        app.buildpacks.addAll(urls);
        app.updatedAt = state.now();
        return Reply.ok(toJson(app));
    }

    private static ArrayNode toJson(App app) {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (int i = 0; i < app.buildpacks.size(); i++) {
            String url = app.buildpacks.get(i);
            ObjectNode item = Json.object();
            item.put("ordinal", i);
            ObjectNode bp = item.putObject("buildpack");
            bp.put("url", url);
            bp.put("name", url);
            list.add(item);
        }
        return list;
    }
}
