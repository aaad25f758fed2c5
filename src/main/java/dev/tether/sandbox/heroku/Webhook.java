package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * An app webhook subscription. The secret signs deliveries and is never rendered in a
 * response body or a log line; Heroku returns it once, in {@code Heroku-Webhook-Secret}.
 */
final class Webhook {

    UUID id = UUID.randomUUID();
    final App app;
    String url;
    List<String> include;
    String level;
    String secret;
    String authorization;
    final Instant createdAt;
    Instant updatedAt;

    Webhook(App app, String url, List<String> include, String level, String secret, String authorization, Instant now) {
        this.app = app;
        this.url = url;
        this.include = include;
        this.level = level;
        this.secret = secret;
        this.authorization = authorization;
        this.createdAt = now;
        this.updatedAt = now;
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.set("app", app.ref());
        node.put("created_at", Json.time(createdAt));
        node.put("id", id.toString());
        var inc = node.putArray("include");
        include.forEach(inc::add);
        node.put("level", level);
        node.put("updated_at", Json.time(updatedAt));
        node.put("url", url);
        return node;
    }
}
