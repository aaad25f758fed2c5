package dev.tether.sandbox.heroku;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers app webhook events the way Heroku does: a JSON {@code POST} to the subscriber with
 * {@code Heroku-Webhook-Hmac-SHA256} = base64(HMAC-SHA256(secret, raw body)). {@code notify}
 * webhooks get one attempt, {@code sync} ones up to three. Deliveries run off the request
 * thread and are recorded for the {@code webhook-deliveries} and {@code webhook-events} lists.
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** One event as recorded for {@code GET /apps/{app}/webhook-events}. */
    record Event(UUID id, UUID appId, String include, ObjectNode payload, Instant createdAt) {
    }

    /** One delivery of an event to one webhook, updated as attempts complete. */
    static final class Delivery {
        final UUID id = UUID.randomUUID();
        final Event event;
        final UUID webhookId;
        final String url;
        final String level;
        volatile String status = "pending";
        volatile int attempts;
        volatile int lastCode;
        volatile Instant updatedAt;

        Delivery(Event event, UUID webhookId, String url, String level) {
            this.event = event;
            this.webhookId = webhookId;
            this.url = url;
            this.level = level;
            this.updatedAt = event.createdAt();
        }

        ObjectNode toJson() {
            ObjectNode node = Json.object();
            node.put("created_at", Json.time(event.createdAt()));
            ObjectNode ev = Json.object();
            ev.put("id", event.id().toString());
            ev.put("include", event.include());
            node.set("event", ev);
            node.put("id", id.toString());
            node.put("num_attempts", attempts);
            node.putNull("next_attempt_at");
            if (attempts == 0) {
                node.putNull("last_attempt");
            } else {
                ObjectNode last = Json.object();
                last.put("id", UUID.nameUUIDFromBytes((id + ":" + attempts).getBytes(StandardCharsets.UTF_8)).toString());
                last.put("code", lastCode);
                last.put("error_class", lastCode == 0 ? "connection_error" : null);
                last.put("status", lastCode >= 200 && lastCode < 300 ? "succeeded" : "failed");
                last.put("created_at", Json.time(updatedAt));
                last.put("updated_at", Json.time(updatedAt));
                node.set("last_attempt", last);
            }
            node.put("status", status);
            node.put("updated_at", Json.time(updatedAt));
            ObjectNode wh = Json.object();
            wh.put("id", webhookId.toString());
            wh.put("level", level);
            node.set("webhook", wh);
            return node;
        }
    }

    private final HttpClient http;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "heroku-emulator-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<Event> events = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    WebhookDispatcher() {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    synchronized void publish(App app, String include, String resource, String action, User actor,
                              ObjectNode data, ObjectNode previous, Instant now) {
        List<Webhook> subscribers = app.webhooks.values().stream().filter(w -> w.include.contains(include)).toList();
        if (subscribers.isEmpty()) {
            return;
        }
        UUID eventId = UUID.randomUUID();
        for (Webhook webhook : subscribers) {
            Delivery delivery;
            ObjectNode payload = Json.object();
            payload.put("id", eventId.toString());
            payload.put("action", action);
            payload.set("actor", actor.ref());
            payload.put("created_at", Json.time(now));
            payload.set("data", data);
            payload.set("previous_data", previous);
            payload.put("published_at", Json.time(now));
            payload.put("resource", resource);
            payload.putNull("sequence");
            payload.put("updated_at", Json.time(now));
            payload.put("version", "application/vnd.heroku+json; version=3");
            Event event = new Event(eventId, app.id, include, payload, now);
            delivery = new Delivery(event, webhook.id, webhook.url, webhook.level);
            ObjectNode meta = Json.object();
            meta.putObject("attempt").put("id", UUID.randomUUID().toString());
            meta.putObject("delivery").put("id", delivery.id.toString());
            ObjectNode ev = meta.putObject("event");
            ev.put("id", eventId.toString());
            ev.put("include", include);
            meta.putObject("webhook").put("id", webhook.id.toString());
            payload.set("webhook_metadata", meta);
            events.add(event);
            deliveries.add(delivery);
            byte[] body = Json.MAPPER.writeValueAsBytes(payload);
            String signature = sign(webhook.secret, body);
            int attempts = "sync".equals(webhook.level) ? 3 : 1;
            String authorization = webhook.authorization;
            executor.execute(() -> deliver(delivery, body, signature, authorization, attempts));
        }
    }

    private void deliver(Delivery delivery, byte[] body, String signature, String authorization, int attemptsLeft) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "Heroku-Webhooks (sandbox)")
                .header("Heroku-Webhook-Hmac-SHA256", signature)
                .header("Heroku-Webhook-Id", delivery.id.toString())
                .header("Heroku-Webhook-Sent-At", Json.time(Instant.now()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        int code;
        try {
            code = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            code = 0;
            log.info("webhook delivery {} to {} failed: {}", delivery.id, URI.create(delivery.url).getHost(), e.toString());
        }
        delivery.attempts++;
        delivery.lastCode = code;
        delivery.updatedAt = Instant.now();
        if (code >= 200 && code < 300) {
            delivery.status = "succeeded";
        } else if (attemptsLeft > 1) {
            delivery.status = "retrying";
            executor.execute(() -> deliver(delivery, body, signature, authorization, attemptsLeft - 1));
        } else {
            delivery.status = "failed";
        }
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    synchronized List<Event> events(UUID appId) {
        return events.stream().filter(e -> e.appId().equals(appId)).toList();
    }

    synchronized List<Delivery> deliveries(UUID appId) {
        return deliveries.stream().filter(d -> d.event.appId().equals(appId)).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
