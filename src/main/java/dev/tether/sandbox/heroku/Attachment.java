package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * An add-on attached to an app under a name (Heroku's add-on attachment): the add-on's billing
 * app has one from the add-on's creation, {@link #billing}; any other app gets one from
 * {@code POST /addon-attachments} and with it the {@code NAME_URL} config var. Destroying the
 * attaching app detaches only; destroying the add-on (or its billing app) removes every attachment.
 */
final class Attachment {

    final UUID id;
    final String name;
    final Addon addon;
    final App app;
    final Instant createdAt;

    Attachment(UUID id, String name, Addon addon, App app, Instant createdAt) {
        this.id = id;
        this.name = name;
        this.addon = addon;
        this.app = app;
        this.createdAt = createdAt;
    }

    /** The attachment the add-on's billing app has had since the add-on was created. */
    static Attachment billing(Addon addon) {
        return new Attachment(UUID.nameUUIDFromBytes(("attachment:" + addon.id).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                addon.attachmentName(), addon, addon.app, addon.createdAt);
    }

    boolean isBilling() {
        return app == addon.app;
    }

    /** The config var it sets on its app. */
    String configVar() {
        return isBilling() ? addon.configVar : name.toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode addonRef = Json.object();
        addonRef.put("id", addon.id.toString());
        addonRef.put("name", addon.name);
        addonRef.set("app", addon.app.ref());
        node.set("addon", addonRef);
        node.set("app", app.ref());
        node.put("created_at", Json.time(createdAt));
        node.put("id", id.toString());
        node.put("name", name);
        node.putNull("namespace");
        node.put("updated_at", Json.time(createdAt));
        node.putNull("web_url");
        node.putNull("log_input_url");
        return node;
    }
}
