package dev.tether.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The body of one delivery, in the Notifier's format, and its signature. Pure: the same
 * delivery always gives the same bytes, so a retry is the same message.
 *
 * <ul>
 *   <li>{@code json}: {@code {id, notifier, reason, state (firing|resolved), resource {kind, name, page},
 *       message, actor, occurredAt}};</li>
 *   <li>{@code slack}: a Slack incoming-webhook message ({@code text} and one {@code section} block).</li>
 * </ul>
 * {@code X-Tether-Signature: sha256=<hex>} is HMAC-SHA256 of the exact body with the Notifier's
 * signing key, as GitHub signs its webhooks.
 */
final class NotificationMessage {

    static final String SIGNATURE_HEADER = "X-Tether-Signature";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NotificationMessage() {
    }

    static byte[] body(NotificationOutbox.Delivery d, String format) {
        ObjectNode n = JSON.createObjectNode();
        String page = "/resources/" + d.kind() + "/" + d.name();
        if ("slack".equals(format)) {
            String icon = "resolved".equals(d.state()) ? ":white_check_mark:" : ":warning:";
            String text = icon + " " + d.reason() + (d.state().equals("resolved") ? " resolved" : "") + " on " + d.kind() + "/"
                    + d.name() + ": " + d.message();
            n.put("text", text);
            ObjectNode section = n.putArray("blocks").addObject();
            section.put("type", "section");
            ObjectNode t = section.putObject("text");
            t.put("type", "mrkdwn");
            t.put("text", icon + " *" + d.reason() + "* " + ("resolved".equals(d.state()) ? "resolved" : "") + " on `" + d.kind()
                    + "/" + d.name() + "`\n" + d.message() + "\n_" + d.occurredAt() + "_");
        } else {
            n.put("id", d.id());
            n.put("notifier", d.notifier());
            n.put("reason", d.reason());
            n.put("state", d.state());
            ObjectNode r = n.putObject("resource");
            r.put("kind", d.kind());
            r.put("name", d.name());
            r.put("page", page);
            n.put("message", d.message());
            n.put("actor", d.actor());
            n.put("occurredAt", d.occurredAt().toString());
        }
        return JSON.writeValueAsBytes(n);
    }

    static String signature(byte[] body, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
