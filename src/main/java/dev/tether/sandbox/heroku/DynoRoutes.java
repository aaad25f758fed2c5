package dev.tether.sandbox.heroku;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code heroku ps} and {@code heroku addons} read besides the formation and add-ons:
 * the app's dynos (one {@code up} dyno per unit of each formation's quantity, on the current
 * release; none while no release defines a process type) and the add-on attachments (each
 * add-on attached to its own app under its config var's name).
 */
final class DynoRoutes {

    private final HerokuState state;

    DynoRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.list("/apps/{app}/dynos", List.of("id", "name"), call -> Reply.list(dynos(state.app(call.param("app")))))
                .list("/addon-attachments", List.of("id", "name"),
                        call -> Reply.list(state.allAddons().stream().map(DynoRoutes::attachment).toList()))
                .list("/apps/{app}/addon-attachments", List.of("id", "name"),
                        call -> Reply.list(state.app(call.param("app")).addons.values().stream().map(DynoRoutes::attachment).toList()));
    }

    private static List<ObjectNode> dynos(App app) {
        List<ObjectNode> dynos = new ArrayList<>();
        App.Release release = app.currentRelease();
        for (App.Formation f : app.formation.values()) {
            for (int n = 1; n <= f.quantity; n++) {
                String name = f.type + "." + n;
                ObjectNode dyno = Json.object();
                dyno.set("app", app.ref());
                dyno.putNull("attach_url");
                dyno.put("command", f.command);
                dyno.put("created_at", Json.time(f.updatedAt));
                dyno.put("id", UUID.nameUUIDFromBytes((app.id + "/" + name).getBytes(StandardCharsets.UTF_8)).toString());
                dyno.put("name", name);
                ObjectNode rel = dyno.putObject("release");
                rel.put("id", release.id.toString());
                rel.put("version", release.version);
                dyno.put("size", f.size.name());
                dyno.put("state", "up");
                dyno.put("type", f.type);
                dyno.put("updated_at", Json.time(f.updatedAt));
                dynos.add(dyno);
            }
        }
        return dynos;
    }

    private static ObjectNode attachment(Addon addon) {
        ObjectNode node = Json.object();
        ObjectNode ref = node.putObject("addon");
        ref.put("id", addon.id.toString());
        ref.put("name", addon.name);
        ref.set("app", addon.app.ref());
        node.set("app", addon.app.ref());
        node.put("created_at", Json.time(addon.createdAt));
        node.put("id", UUID.nameUUIDFromBytes(("attachment/" + addon.id).getBytes(StandardCharsets.UTF_8)).toString());
        node.putNull("log_input_url");
        node.put("name", addon.attachmentName());
        node.putNull("namespace");
        node.put("updated_at", Json.time(addon.createdAt));
        node.putNull("web_url");
        return node;
    }
}
