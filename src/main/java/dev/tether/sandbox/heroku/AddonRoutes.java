package dev.tether.sandbox.heroku;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Add-ons: create ({@code plan} as a string or {@code {name}}/{@code {id}}; 201 only, as
 * heroku.jar requires), list, info, plan change within the same service, delete, and the
 * CLI's {@code /actions/addons/resolve}. Attaching sets the add-on's config var (e.g.
 * {@code DATABASE_URL}) on the app; attach, plan change and detach each cut a release.
 */
final class AddonRoutes {

    private final HerokuState state;

    AddonRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/apps/{app}/addons", this::create)
                .list("/apps/{app}/addons", List.of("id", "name"), call -> {
                    // as on Heroku: the add-ons attached to the app, those of other apps included
                    App app = state.app(call.param("app"));
                    List<ObjectNode> items = new java.util.ArrayList<>(app.addons.values().stream().map(Addon::toJson).toList());
                    state.attachments.values().stream().filter(a -> a.app == app).map(a -> a.addon).distinct()
                            .forEach(a -> items.add(a.toJson()));
                    return Reply.list(items);
                })
                .get("/apps/{app}/addons/{addon}", call -> Reply.ok(find(state.app(call.param("app")), call.param("addon")).toJson()))
                .patch("/apps/{app}/addons/{addon}", this::changePlan)
                .delete("/apps/{app}/addons/{addon}", this::delete)
                .list("/addons", List.of("id", "name"), call -> Reply.list(state.allAddons().stream().map(Addon::toJson).toList()))
                .get("/addons/{addon}", call -> Reply.ok(findAnywhere(call.param("addon")).toJson()))
                .post("/actions/addons/resolve", this::resolve);
    }

    private Reply create(ApiCall call) {
        App app = state.app(call.param("app"));
        Catalog.Plan plan = Catalog.plan(Json.identity(call.body, "plan"));
        String name = Json.text(call.body, "name");
        if (name == null) {
            name = state.generatedName(plan.service());
        }
        String finalName = name;
        if (state.allAddons().stream().anyMatch(a -> a.name.equals(finalName))) {
            throw ApiError.invalidParams("Name " + name + " is already taken.");
        }
        String configVar = plan.configVar();
        JsonNode attachment = call.body.get("attachment");
        String attachmentName = attachment == null ? null : Json.text(attachment, "name");
        if (attachmentName != null) {
            configVar = attachmentName.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        } else if (app.config.containsKey(configVar)) {
            // A second add-on of a service gets a coloured name, as Heroku does.
            String prefix = "HEROKU_" + plan.service().toUpperCase(Locale.ROOT).replace('-', '_') + "_";
            for (String colour : List.of("AMBER", "BLUE", "CHARCOAL", "COPPER", "CRIMSON", "GOLD", "GRAY", "GREEN")) {
                if (!app.config.containsKey(prefix + colour + "_URL")) {
                    configVar = prefix + colour + "_URL";
                    break;
                }
            }
        }
        if (app.config.containsKey(configVar)) {
            throw ApiError.invalidParams("Config var " + configVar + " is already set on " + app.name + ".");
        }
        Addon addon = new Addon(name, app, plan, configVar, state.now());
        app.addons.put(addon.id, addon);
        app.config.put(configVar, addon.configValue());
        state.publish(app, "api:addon", "addon", "create", call.user, addon.toJson(), null);
        state.release(app, "Attach " + addon.attachmentName() + " (@ref:" + addon.name + ")", call.user);
        return Reply.created(addon.toJson());
    }

    private Reply changePlan(ApiCall call) {
        App app = state.app(call.param("app"));
        Addon addon = find(app, call.param("addon"));
        Catalog.Plan plan = Catalog.plan(Json.identity(call.body, "plan"));
        if (!plan.service().equals(addon.plan.service())) {
            throw ApiError.invalidParams("Cannot change " + addon.name + " from " + addon.plan.service() + " to a plan of " + plan.service() + ".");
        }
        if (!plan.equals(addon.plan)) {
            ObjectNode previous = Json.object();
            ObjectNode previousPlan = previous.putObject("plan");
            previousPlan.put("id", addon.plan.id().toString());
            previousPlan.put("name", addon.plan.fullName());
            addon.plan = plan;
            addon.updatedAt = state.now();
            state.publish(app, "api:addon", "addon", "update", call.user, addon.toJson(), previous);
            state.release(app, "Update " + addon.attachmentName() + " by " + plan.fullName(), call.user);
        }
        return Reply.ok(addon.toJson());
    }

    private Reply delete(ApiCall call) {
        App app = state.app(call.param("app"));
        Addon addon = find(app, call.param("addon"));
        app.addons.remove(addon.id);
        app.config.remove(addon.configVar);
        state.addonDestroyed(addon, call.user);
        ObjectNode json = addon.toJson();
        json.put("state", "deprovisioned");
        state.publish(app, "api:addon", "addon", "destroy", call.user, json, null);
        state.release(app, "Detach " + addon.attachmentName() + " (@ref:" + addon.name + ")", call.user);
        return Reply.ok(json);
    }

    private Reply resolve(ApiCall call) {
        String identity = Json.text(call.body, "addon");
        if (identity == null) {
            throw ApiError.invalidParams("Missing required params: addon.");
        }
        String appName = Json.text(call.body, "app");
        List<Addon> candidates = state.allAddons().stream()
                .filter(a -> a.name.equals(identity) || a.id.toString().equals(identity)
                        || (appName != null && (a.app.name.equals(appName) || a.app.id.toString().equals(appName))
                        && (a.configVar.equals(identity) || a.attachmentName().equals(identity))))
                .toList();
        if (candidates.isEmpty()) {
            throw ApiError.notFound("add_on", "Couldn't find that add on.");
        }
        ArrayNode result = Json.MAPPER.createArrayNode();
        candidates.forEach(a -> result.add(a.toJson()));
        return Reply.ok(result);
    }

    static Addon find(App app, String idOrName) {
        for (Addon a : app.addons.values()) {
            if (a.id.toString().equals(idOrName) || a.name.equals(idOrName)) {
                return a;
            }
        }
        throw ApiError.notFound("add_on", "Couldn't find that add on.");
    }

    private Addon findAnywhere(String idOrName) {
        return state.allAddons().stream().filter(a -> a.id.toString().equals(idOrName) || a.name.equals(idOrName))
                .findFirst().orElseThrow(() -> ApiError.notFound("add_on", "Couldn't find that add on."));
    }
}
