package dev.tether.heroku;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.reconcile.Dependents;
import dev.tether.reconcile.WorkQueue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes a Heroku app webhook delivery: finds the managed app it is about, verifies
 * {@code Heroku-Webhook-Hmac-SHA256} (base64 HMAC-SHA256 of the raw body with that app's
 * secret) in constant time, remembers the actor, and enqueues the app. Anything that does not
 * verify changes nothing.
 *
 * <p>A verified delivery is still taken only once and only while fresh, so a captured one cannot
 * be replayed into a storm of passes:
 * <ul>
 *   <li>one already taken (by any process: the ids are kept in PostgreSQL) is ignored. Its id is
 *       the signed body's {@code webhook_metadata.delivery.id}, which a replayer cannot change
 *       without breaking the signature; the {@code Heroku-Webhook-Id} header (unsigned) only when
 *       the body has none, and a hash of the body when neither is there;</li>
 *   <li>one whose event ({@code published_at}, else {@code created_at}, both signed) is more than
 *       {@link #MAX_AGE} old or ahead of now, or undated, is ignored. A real delivery that late
 *       loses nothing: the periodic resync reads the whole app anyway;</li>
 *   <li>an app already due and waiting for a pass triggered since its last one is not enqueued
 *       again: the coming pass reads everything, so a burst of deliveries costs one pass.</li>
 * </ul>
 * Ignored deliveries are answered 200, not 409: Heroku sends a {@code sync} delivery again after
 * a non-2xx answer, and sending again one that was rightly ignored helps no one.
 */
@Service
public class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /** What became of a delivery. */
    public enum Result {
        ACCEPTED, UNAUTHORIZED,
        /** Verified, but a delivery with this id was taken before: nothing done. */
        DUPLICATE,
        /** Verified, but its event is more than {@link #MAX_AGE} from now, or undated: nothing done. */
        STALE
    }

    /** How old a delivery's event may be and still be taken; also how far ahead of our clock. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    /** Delivery ids are kept this long: past it, a replay is refused by its age already. */
    private static final Duration KEEP_IDS = MAX_AGE.multipliedBy(2);
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(1);

    private final AppWebhooks webhooks;
    private final WorkQueue queue;
    private final JdbcClient jdbc;
    private final Dependents dependents;
    private final Clock clock;
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);

    WebhookReceiver(AppWebhooks webhooks, WorkQueue queue, JdbcClient jdbc, Clock clock, Dependents dependents) {
        this.dependents = dependents;
        this.webhooks = webhooks;
        this.queue = queue;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Takes a delivery that came without a {@code Heroku-Webhook-Id} header. */
    public Result receive(byte[] body, String signature) {
        return receive(body, signature, null);
    }

    /**
     * Takes a delivery: {@code signature} is its {@code Heroku-Webhook-Hmac-SHA256} header,
     * {@code deliveryIdHeader} its {@code Heroku-Webhook-Id} header (may be null). The delivery's
     * id is recorded in the same transaction as its enqueue: a delivery that failed is not
     * remembered as taken, so Heroku's resend of it is.
     */
    @Transactional
    public Result receive(byte[] body, String signature, String deliveryIdHeader) {
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
        Instant now = clock.instant();
        Optional<Instant> eventAt = eventTime(payload);
        if (eventAt.isEmpty() || eventAt.get().isBefore(now.minus(MAX_AGE)) || eventAt.get().isAfter(now.plus(MAX_AGE))) {
            log.info("resource=HerokuApp/{} webhook delivery dated {} ignored: not within {} of now", owner.get(),
                    eventAt.map(Instant::toString).orElse("(no date)"), MAX_AGE);
            return Result.STALE;
        }
        String deliveryId = deliveryId(payload, deliveryIdHeader, body);
        if (!firstTime(deliveryId, appId, now)) {
            log.debug("resource=HerokuApp/{} webhook delivery {} ignored: taken before", owner.get(), deliveryId);
            return Result.DUPLICATE;
        }
        String actor = payload.at("/actor/email").asString(null);
        if (actor != null) {
            webhooks.rememberActor(appId, actor);
        }
        ResourceKey key = new ResourceKey(Kind.HEROKU_APP, owner.get());
        if (!queue.waitingForAPass(key)) {
            queue.enqueue(key, now, dev.tether.reconcile.ReconcileRequest.DELIVERY, false);
        }
        if ("release".equals(payload.path("resource").asString(null))) {
            // a config-var change cuts a release: what targets the app (an ApiKey's var) must look now
            dependents.wake(key, "Webhook");
        }
        return Result.ACCEPTED;
    }

    /** The event's own time, signed with the body: {@code published_at}, else {@code created_at}. */
    private static Optional<Instant> eventTime(JsonNode payload) {
        for (String field : new String[] {"published_at", "created_at"}) {
            String value = payload.path(field).asString(null);
            if (value != null) {
                try {
                    return Optional.of(OffsetDateTime.parse(value).toInstant());
                } catch (DateTimeParseException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String deliveryId(JsonNode payload, String header, byte[] body) {
        String signed = payload.at("/webhook_metadata/delivery/id").asString(null);
        if (signed != null && !signed.isBlank()) {
            return signed;
        }
        if (header != null && !header.isBlank()) {
            return "header:" + header.strip();
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the delivery id; false when some process recorded it before. Prunes old ids now and then. */
    private boolean firstTime(String deliveryId, String appId, Instant now) {
        Instant last = lastPrune.get();
        if (now.isAfter(last.plus(PRUNE_EVERY)) && lastPrune.compareAndSet(last, now)) {
            jdbc.sql("DELETE FROM heroku_webhook_deliveries WHERE received_at < :before")
                    .param("before", Timestamp.from(now.minus(KEEP_IDS))).update();
        }
        return jdbc.sql("""
                        INSERT INTO heroku_webhook_deliveries (delivery_id, app_id, received_at)
                        VALUES (:id, :app, :now) ON CONFLICT (delivery_id) DO NOTHING""")
                .param("id", deliveryId).param("app", appId).param("now", Timestamp.from(now))
                .update() == 1;
    }

    /**
     * True when the key is already due, not claimed, and triggered since its last pass: the pass
     * about to run reads the whole app, so enqueueing it again would add nothing.
     */
    /** The HerokuApp resource tracking this app id. */
    /**
     * The HerokuApp resource tracking the app of this id ({@link HerokuAppExternal#id()}): one
     * lookup on the index V63 keeps on that field, not a read of every app's status (a delivery
     * is on the webhook path, whose latency DESIGN §7 bounds).
     */
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
