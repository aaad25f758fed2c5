package dev.tether.sandbox.heroku;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * What {@code heroku ps} reads besides the formation: the app's dynos (one {@code up} dyno per
 * unit of each formation's quantity, on the current release; none while no release defines a
 * process type). The add-on attachments {@code heroku addons} reads are {@link AttachmentRoutes}'.
 */
final class DynoRoutes {

    private final HerokuState state;

    DynoRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        // add-on attachments, which heroku addons also reads, are AttachmentRoutes'
        router.list("/apps/{app}/dynos", List.of("id", "name"), call -> Reply.list(dynos(state.app(call.param("app")))));
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
}
