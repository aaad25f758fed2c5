package dev.tether.sandbox.heroku;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A webhook receiver for the README tour and the tests, on the Heroku emulator's port (the
 * sandbox's stand-in for a Slack or PagerDuty endpoint a Notifier's URL points at):
 * <ul>
 *   <li>{@code POST /__sandbox/notifications}: keeps the message (body, signature and delivery
 *       headers) and answers 204, or the status set with {@code refuse_with};</li>
 *   <li>{@code GET /__sandbox/notifications}: {@code {"items": [...]}}, what arrived, oldest first;</li>
 *   <li>{@code PUT /__sandbox/notifications} {@code {"refuse_with": 503}} (or {@code null}): play
 *       a receiver that is down;</li>
 *   <li>{@code DELETE /__sandbox/notifications}: forget what arrived.</li>
 * </ul>
 */
final class NotificationInbox {

    static final String PATH = "/__sandbox/notifications";

    private record Received(Instant at, String contentType, String signature, String delivery, String event, String body) {
    }

    private final List<Received> received = new ArrayList<>();
    private Integer refuseWith;

    synchronized ControlSurface.Answer handle(HttpServletRequest req, byte[] raw) {
        switch (req.getMethod()) {
            case "POST" -> {
                if (refuseWith != null) {
                    return new ControlSurface.Answer(refuseWith, message("unavailable", "The receiver refuses messages for now."));
                }
                received.add(new Received(Instant.now(), req.getContentType(), req.getHeader("X-Tether-Signature"),
                        req.getHeader("X-Tether-Delivery"), req.getHeader("X-Tether-Event"), new String(raw, StandardCharsets.UTF_8)));
                return new ControlSurface.Answer(204, null);
            }
            case "PUT" -> {
                JsonNode body;
                try {
                    body = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
                } catch (tools.jackson.core.JacksonException e) {
                    return new ControlSurface.Answer(400, message("bad_request", "Invalid JSON in request body."));
                }
                JsonNode r = body.get("refuse_with");
                refuseWith = r == null || r.isNull() ? null : r.asInt();
                return new ControlSurface.Answer(200, list());
            }
            case "DELETE" -> {
                received.clear();
                return new ControlSurface.Answer(200, list());
            }
            case "GET" -> {
                return new ControlSurface.Answer(200, list());
            }
            default -> {
                return new ControlSurface.Answer(405, message("method_not_allowed", "Use GET, POST, PUT or DELETE."));
            }
        }
    }

    private ObjectNode list() {
        ObjectNode n = Json.object();
        if (refuseWith != null) {
            n.put("refuse_with", refuseWith);
        }
        ArrayNode items = n.putArray("items");
        for (Received r : received) {
            ObjectNode i = items.addObject();
            i.put("receivedAt", r.at().toString());
            i.put("contentType", r.contentType());
            i.put("signature", r.signature());
            i.put("delivery", r.delivery());
            i.put("event", r.event());
            i.put("body", r.body());
        }
        return n;
    }

    private static ObjectNode message(String id, String text) {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("message", text);
        return n;
    }
}
