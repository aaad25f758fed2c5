package dev.tether.notify;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.NotifierSpec;
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
 * {@code POST /api/v1/resources/Notifier/{name}/signing-key/reveal}: hands a Notifier's
 * generated signing key to the authorised caller exactly once (so the receiver can verify
 * {@code X-Tether-Signature}); every later request answers 410.
 */
@RestController
@RequestMapping(path = "/api/v1")
class SigningKeyController {

    private final DesiredStateStore store;
    private final SigningKeys keys;
    private final JdbcClient jdbc;

    SigningKeyController(DesiredStateStore store, SigningKeys keys, JdbcClient jdbc) {
        this.store = store;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    @PostMapping(path = "/resources/Notifier/{name}/signing-key/reveal",
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<?> reveal(@PathVariable("name") String name) {
        StoredResource r = store.get(Kind.NOTIFIER, name);
        NotifierSpec spec = (NotifierSpec) r.typedSpec();
        if (spec.signingKeyRef() != null) {
            return problem(HttpStatus.CONFLICT, "Notifier/" + name + " signs with the key in Secret " + spec.signingKeyRef().secret()
                    + "; Tether generated none to reveal");
        }
        var value = keys.generated(name);
        if (value.isEmpty()) {
            return problem(HttpStatus.CONFLICT, "Notifier/" + name + ": the signing key has not been generated yet; try again after the next reconcile");
        }
        int inserted = jdbc.sql("""
                        INSERT INTO secret_reveals (owner_kind, owner_name, purpose) VALUES (:k, :n, :p)
                        ON CONFLICT DO NOTHING""")
                .param("k", Kind.NOTIFIER.manifestName()).param("n", name).param("p", SigningKeys.PURPOSE).update();
        if (inserted == 0) {
            return problem(HttpStatus.GONE, "Notifier/" + name + ": the signing key was already revealed once; it stays masked");
        }
        store.recordEvent(r.id(), EventType.Normal, "KeyRevealed", "The signing key was revealed to an API caller (once)", "api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", Kind.NOTIFIER.manifestName());
        body.put("name", name);
        body.put("signingKey", value.get());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header("Cache-Control", "no-store").body(body);
    }

    private static ResponseEntity<?> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
