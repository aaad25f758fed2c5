package dev.tether.heroku;

import dev.tether.secrets.SecretStore;
import dev.tether.runtime.TetherMode;
import dev.tether.runtime.TetherRuntime;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps one app webhook subscription per managed app, pointing at Tether's receiver with a
 * secret Tether generated and keeps encrypted. Reconciled like everything else: deleted by
 * hand, it is created again on the next pass.
 */
@Component
public class AppWebhooks {

    private static final Logger log = LoggerFactory.getLogger(AppWebhooks.class);
    static final String PATH = "/webhooks/heroku";
    static final String SECRET = "webhook-secret";
    /** What the subscription announces; {@code api:build}: a build's end wakes the app instead of a poll. */
    static final List<String> INCLUDE = List.of("api:app", "api:formation", "api:release", "api:addon", "api:domain",
            "api:build");

    private final HerokuClient heroku;
    private final SecretStore secrets;
    private final WebhookProperties props;
    private final TetherRuntime runtime;
    private final Environment environment;
    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean warnedNoUrl;

    AppWebhooks(HerokuClient heroku, SecretStore secrets, WebhookProperties props, TetherRuntime runtime,
                Environment environment, JdbcClient jdbc) {
        this.heroku = heroku;
        this.secrets = secrets;
        this.props = props;
        this.runtime = runtime;
        this.environment = environment;
        this.jdbc = jdbc;
    }

    /** The receiver URL Heroku should deliver to, or empty when Tether cannot be reached. */
    public Optional<String> receiverUrl() {
        if (props.publicUrl() != null) {
            return Optional.of(props.publicUrl() + PATH);
        }
        String port = environment.getProperty("local.server.port");
        if (runtime.mode() == TetherMode.SANDBOX && port != null) {
            return Optional.of("http://127.0.0.1:" + port + PATH);
        }
        if (!warnedNoUrl) {
            warnedNoUrl = true;
            log.warn("TETHER_PUBLIC_URL is not set: Heroku cannot deliver app webhooks, so drift is found by polling only");
        }
        return Optional.empty();
    }

    /**
     * Makes sure the app has Tether's subscription; returns true when it is in place.
     *
     * @param owner the HerokuApp resource name (the secret's owner)
     */
    public boolean ensure(String owner, String appId) {
        Optional<String> url = receiverUrl();
        if (url.isEmpty()) {
            return false;
        }
        return ensure(owner, appId, url.get(), heroku.listAppWebhooks(appId).orElse(List.of()));
    }

    /**
     * Subscribes an app known to have no subscription (Tether just created it): no list call.
     *
     * @param owner the HerokuApp resource name (the secret's owner)
     */
    public boolean subscribe(String owner, String appId) {
        Optional<String> url = receiverUrl();
        return url.isPresent() && ensure(owner, appId, url.get(), List.of());
    }

    private boolean ensure(String owner, String appId, String url, List<ObservedWebhook> hooks) {
        Optional<ObservedWebhook> ours = hooks.stream().filter(h -> h.url().equals(url)).findFirst();
        boolean haveSecret = secrets.get("HerokuApp", owner, SECRET).isPresent();
        if (ours.isPresent() && haveSecret && ours.get().include().containsAll(INCLUDE)) {
            return true;
        }
        if (ours.isPresent()) {
            heroku.deleteAppWebhook(appId, ours.get().id());
        }
        String secret = HexFormat.of().formatHex(randomBytes());
        CreatedWebhook created = heroku.createAppWebhook(appId, new NewWebhook(url, INCLUDE, "notify", secret, null));
        secrets.put("HerokuApp", owner, SECRET, created.secret().orElse(secret));
        log.info("resource=HerokuApp/{} action=subscribe-webhook id={}", owner, created.webhook().id());
        return true;
    }

    /** Removes Tether's subscription (the app is being forgotten or destroyed). */
    public void remove(String owner, String appId) {
        receiverUrl().ifPresent(url -> heroku.listAppWebhooks(appId).orElse(List.of()).stream()
                .filter(h -> h.url().equals(url))
                .forEach(h -> heroku.deleteAppWebhook(appId, h.id())));
        secrets.delete("HerokuApp", owner, SECRET);
    }

    /** Drops the stored secret of a resource that is gone. */
    void forget(String owner) {
        secrets.delete("HerokuApp", owner, SECRET);
    }

    /** The webhook secret of a managed app, for verifying deliveries. */
    Optional<String> secret(String owner) {
        return secrets.get("HerokuApp", owner, SECRET);
    }

    /** Remembers who a webhook said changed the app. */
    void rememberActor(String appId, String actor) {
        jdbc.sql("""
                        INSERT INTO heroku_webhook_actors (app_id, actor, received_at) VALUES (:id, :actor, now())
                        ON CONFLICT (app_id) DO UPDATE SET actor = EXCLUDED.actor, received_at = EXCLUDED.received_at""")
                .param("id", appId).param("actor", actor).update();
    }

    /** Who a webhook last said changed the app, if that was after {@code since}. */
    Optional<String> actorSince(String appId, Instant since) {
        return jdbc.sql("SELECT actor FROM heroku_webhook_actors WHERE app_id = :id AND (CAST(:since AS timestamptz) IS NULL OR received_at >= :since)")
                .param("id", appId)
                .param("since", since == null ? null : java.sql.Timestamp.from(since.minusSeconds(1)))
                .query(String.class).optional();
    }

    private byte[] randomBytes() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return b;
    }
}
