package dev.tether.sandbox.heroku;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * App webhooks: create (a secret is generated when none is given and returned once, in the
 * {@code Heroku-Webhook-Secret} header), list, info, update, delete, and the recorded
 * {@code webhook-events} and {@code webhook-deliveries}.
 */
final class WebhookRoutes {

    static final Set<String> INCLUDES = Set.of("api:addon-attachment", "api:addon", "api:app", "api:build",
            "api:collaborator", "api:domain", "api:dyno", "api:formation", "api:release", "api:sni-endpoint", "dyno");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final HerokuState state;

    WebhookRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/apps/{app}/webhooks", this::create)
                .list("/apps/{app}/webhooks", List.of("id", "url"),
                        call -> Reply.list(state.app(call.param("app")).webhooks.values().stream().map(Webhook::toJson).toList()))
                .get("/apps/{app}/webhooks/{webhook}", call -> Reply.ok(find(state.app(call.param("app")), call.param("webhook")).toJson()))
                .patch("/apps/{app}/webhooks/{webhook}", this::update)
                .delete("/apps/{app}/webhooks/{webhook}", this::delete)
                .list("/apps/{app}/webhook-events", List.of("id"), call -> Reply.list(state.webhooks.events(state.app(call.param("app")).id).stream()
                        .map(e -> {
                            var node = Json.object();
                            node.put("created_at", Json.time(e.createdAt()));
                            node.put("id", e.id().toString());
                            node.put("include", e.include());
                            node.set("payload", e.payload());
                            node.put("updated_at", Json.time(e.createdAt()));
                            return node;
                        }).toList()))
                .list("/apps/{app}/webhook-deliveries", List.of("id"), call -> Reply.list(state.webhooks.deliveries(state.app(call.param("app")).id)
                        .stream().map(WebhookDispatcher.Delivery::toJson).toList()));
    }

    private Reply create(ApiCall call) {
        App app = state.app(call.param("app"));
        String url = url(Json.text(call.body, "url"));
        List<String> include = include(call.body.get("include"));
        String level = level(Json.text(call.body, "level"));
        String secret = Json.text(call.body, "secret");
        boolean generated = secret == null;
        if (generated) {
            byte[] bytes = new byte[20];
            RANDOM.nextBytes(bytes);
            secret = HexFormat.of().formatHex(bytes);
        }
        Webhook webhook = new Webhook(app, url, include, level, secret, Json.text(call.body, "authorization"), state.now());
        app.webhooks.put(webhook.id, webhook);
        Reply reply = Reply.created(webhook.toJson());
        if (generated) {
            reply.header("Heroku-Webhook-Secret", secret);
        }
        return reply;
    }

    private Reply update(ApiCall call) {
        App app = state.app(call.param("app"));
        Webhook webhook = find(app, call.param("webhook"));
        if (Json.has(call.body, "url")) {
            webhook.url = url(Json.text(call.body, "url"));
        }
        if (Json.has(call.body, "include")) {
            webhook.include = include(call.body.get("include"));
        }
        if (Json.has(call.body, "level")) {
            webhook.level = level(Json.text(call.body, "level"));
        }
        if (Json.text(call.body, "secret") != null) {
            webhook.secret = Json.text(call.body, "secret");
        }
        if (Json.has(call.body, "authorization")) {
            webhook.authorization = Json.text(call.body, "authorization");
        }
        webhook.updatedAt = state.now();
        return Reply.ok(webhook.toJson());
    }

    private Reply delete(ApiCall call) {
        App app = state.app(call.param("app"));
        Webhook webhook = find(app, call.param("webhook"));
        app.webhooks.remove(webhook.id);
        return Reply.ok(webhook.toJson());
    }

    private static String url(String url) {
        if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
            throw ApiError.invalidParams("Url must be an http or https URL, not " + url + ".");
        }
        return url;
    }

    private static String level(String level) {
        if (level == null) {
            throw ApiError.invalidParams("Missing required params: level.");
        }
        if (!level.equals("notify") && !level.equals("sync")) {
            throw ApiError.invalidParams("Level must be notify or sync, not " + level + ".");
        }
        return level;
    }

    private static List<String> include(JsonNode node) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw ApiError.invalidParams("Missing required params: include.");
        }
        List<String> include = new ArrayList<>();
        for (JsonNode n : node) {
            String value = n.asString();
            if (!INCLUDES.contains(value)) {
                throw ApiError.invalidParams("Invalid include: " + value + ".");
            }
            include.add(value);
        }
        return include;
    }

    static Webhook find(App app, String id) {
        for (Webhook w : app.webhooks.values()) {
            if (w.id.toString().equals(id)) {
                return w;
            }
        }
        throw ApiError.notFound("app_webhook", "Couldn't find that webhook.");
    }
}
