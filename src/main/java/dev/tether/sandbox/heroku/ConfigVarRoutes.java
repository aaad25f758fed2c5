package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Config vars: {@code PATCH} merges, a {@code null} value deletes, the answer is the whole
 * resulting map, and any actual change cuts a release ("Set FOO, BAR config vars"). A var an
 * add-on attachment set ({@code DATABASE_URL}) cannot be set or unset: 422 "Cannot overwrite
 * attachment values DATABASE_URL.", as Heroku answers, and nothing in the PATCH is applied.
 */
final class ConfigVarRoutes {

    private final HerokuState state;

    ConfigVarRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.get("/apps/{app}/config-vars", call -> Reply.ok(toJson(state.app(call.param("app")).config)))
                .patch("/apps/{app}/config-vars", this::patch)
                .get("/apps/{app}/releases/{release}/config-vars",
                        call -> Reply.ok(toJson(ReleaseRoutes.find(state.app(call.param("app")), call.param("release")).config)));
    }

    private Reply patch(ApiCall call) {
        App app = state.app(call.param("app"));
        if (!call.body.isObject()) {
            throw ApiError.invalidParams("Config vars must be a JSON object of names to strings or null.");
        }
        List<String> set = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : call.body.properties()) {
            if (!e.getKey().matches("^\\w+$")) {
                throw ApiError.invalidParams("Invalid config var name: " + e.getKey() + ".");
            }
            if (e.getValue().isObject() || e.getValue().isArray()) {
                throw ApiError.invalidParams("Config var " + e.getKey() + " must be a string or null.");
            }
        }
        // An attachment's vars belong to its add-on: Heroku refuses to set or unset them, and the
        // whole PATCH with them.
        List<String> attached = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : call.body.properties()) {
            if (app.addons.values().stream().anyMatch(a -> a.configVar.equals(e.getKey()))) {
                attached.add(e.getKey());
            }
        }
        if (!attached.isEmpty()) {
            throw ApiError.invalidParams("Cannot overwrite attachment values " + String.join(", ", attached) + ".");
        }
        for (Map.Entry<String, JsonNode> e : call.body.properties()) {
            String key = e.getKey();
            if (e.getValue().isNull()) {
                if (app.config.remove(key) != null) {
                    removed.add(key);
                }
            } else {
                String value = e.getValue().asString();
                if (!value.equals(app.config.put(key, value))) {
                    set.add(key);
                }
            }
        }
        if (!set.isEmpty() || !removed.isEmpty()) {
            app.updatedAt = state.now();
            state.release(app, describe(set, removed), call.user);
        }
        return Reply.ok(toJson(app.config));
    }

    static String describe(List<String> set, List<String> removed) {
        if (removed.isEmpty()) {
            return "Set " + String.join(", ", set) + " config vars";
        }
        if (set.isEmpty()) {
            return "Remove " + String.join(", ", removed) + " config vars";
        }
        return "Set " + String.join(", ", set) + " and remove " + String.join(", ", removed) + " config vars";
    }

    static ObjectNode toJson(Map<String, String> config) {
        ObjectNode node = Json.object();
        config.forEach(node::put);
        return node;
    }
}
