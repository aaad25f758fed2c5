package dev.tether.kong;

import dev.tether.secrets.SecretStore;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.KongConsumerSpec;
import dev.tether.manifest.ResourceNotFoundException;
import dev.tether.manifest.StoredResource;
import dev.tether.status.EventType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/resources/KongConsumer/{name}/keys/{key}/reveal}: hands a generated
 * key-auth key to the authorised caller (the API token guards every {@code /api} path) exactly
 * once; every later request answers 410 and the key stays masked everywhere else.
 */
@RestController
@RequestMapping(path = "/api/v1")
class ConsumerKeyController {

    private final DesiredStateStore store;
    private final SecretStore secrets;
    private final JdbcClient jdbc;

    ConsumerKeyController(DesiredStateStore store, SecretStore secrets, JdbcClient jdbc) {
        this.store = store;
        this.secrets = secrets;
        this.jdbc = jdbc;
    }

    @PostMapping(path = "/resources/KongConsumer/{name}/keys/{key}/reveal",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<?> reveal(@PathVariable("name") String name, @PathVariable("key") String key) {
        StoredResource r = store.get(Kind.KONG_CONSUMER, name);
        KongConsumerSpec spec = (KongConsumerSpec) r.typedSpec();
        if (spec.keyAuth() == null || spec.keyAuth().stream().noneMatch(k -> k.name().equals(key))) {
            throw new ResourceNotFoundException("KongConsumer/" + name + " declares no key-auth key named " + key);
        }
        String purpose = KongConsumerReconciler.keyPurpose(key);
        var value = secrets.get(Kind.KONG_CONSUMER.manifestName(), name, purpose);
        if (value.isEmpty()) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "KongConsumer/" + name + ": key " + key + " has not been generated yet; try again after the next reconcile");
            return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        int inserted = jdbc.sql("""
                        INSERT INTO secret_reveals (owner_kind, owner_name, purpose) VALUES (:k, :n, :p)
                        ON CONFLICT DO NOTHING""")
                .param("k", Kind.KONG_CONSUMER.manifestName()).param("n", name).param("p", purpose).update();
        if (inserted == 0) {
            ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.GONE,
                    "KongConsumer/" + name + ": key " + key + " was already revealed once; it stays masked");
            return ResponseEntity.status(HttpStatus.GONE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        store.recordEvent(r.id(), EventType.Normal, "KeyRevealed", "Key-auth key " + key + " was revealed to an API caller (once)", "api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", Kind.KONG_CONSUMER.manifestName());
        body.put("name", name);
        body.put("key", key);
        body.put("value", value.get());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").body(body);
    }
}
