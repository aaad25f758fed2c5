package dev.tether.heroku;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.Dependents;
import dev.tether.reconcile.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a Heroku app webhook delivery: finds the managed app it is about, verifies
 * {@code Heroku-Webhook-Hmac-SHA256} (base64 HMAC-SHA256 of the raw body with that app's
 * secret) in constant time, remembers the actor, and enqueues the app. Anything that does not
 * verify changes nothing.
 */
@Service
public class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /** What became of a delivery. */
    public enum Result { ACCEPTED, UNAUTHORIZED }

    private final AppWebhooks webhooks;
    private final WorkQueue queue;
    private final JdbcClient jdbc;
    private final Dependents dependents;
    private final Clock clock;
    private final JsonMapper mapper = JsonMapper.builder().build();

    WebhookReceiver(AppWebhooks webhooks, WorkQueue queue, JdbcClient jdbc, Clock clock, Dependents dependents) {
        this.dependents = dependents;
        this.webhooks = webhooks;
        this.queue = queue;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Result receive(byte[] body, String signature) {
        if (signature == null || signature.isBlank()) {
            return Result.UNAUTHORIZED;
        }
        JsonNode payload;
        try {
            payload = mapper.readTree(body);
        } catch (JacksonException e) {
            return Result.UNAUTHORIZED;
        }
        String appId = payload.at("/data/app/id").asString(null);
        if (appId == null && "app".equals(payload.path("resource").asString())) {
            appId = payload.at("/data/id").asString(null);
        }
        if (appId == null) {
            return Result.UNAUTHORIZED;
        }
        Optional<String> owner = ownerOf(appId);
        if (owner.isEmpty()) {
            return Result.UNAUTHORIZED;
        }
        Optional<String> secret = webhooks.secret(owner.get());
        if (secret.isEmpty() || !verify(secret.get(), body, signature)) {
            log.warn("resource=HerokuApp/{} webhook signature did not verify; delivery ignored", owner.get());
            return Result.UNAUTHORIZED;
        }
        String actor = payload.at("/actor/email").asString(null);
        if (actor != null) {
            webhooks.rememberActor(appId, actor);
        }
        ResourceKey app = new ResourceKey(Kind.HEROKU_APP, owner.get());
        queue.enqueue(app, clock.instant(), "Webhook", false);
        if ("release".equals(payload.path("resource").asString(null))) {
            // a config-var change cuts a release: what targets the app (an ApiKey's var) must look now
            dependents.wake(app, "Webhook");
        }
        return Result.ACCEPTED;
    }

    /** The HerokuApp resource tracking this app id. */
    private Optional<String> ownerOf(String appId) {
        return jdbc.sql("""
                        SELECT r.name FROM resources r JOIN resource_status s ON s.resource_id = r.id
                        WHERE r.kind = 'HerokuApp' AND s.status -> 'external' ->> 'id' = :id""")
                .param("id", appId).query(String.class).optional();
    }

    static boolean verify(String secret, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal(body);
            byte[] given;
            try {
                given = Base64.getDecoder().decode(signature.strip());
            } catch (IllegalArgumentException e) {
                return false;
            }
            return MessageDigest.isEqual(expected, given);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
