package dev.tether.notify;

import dev.tether.manifest.NotifierSpec;
import java.util.Optional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Where a Notifier's messages go: the URL in the environment variable its {@code urlEnv} names (only {@code NOTIFY_*}). */
@Component
class NotifierTargets {

    private final Environment env;

    NotifierTargets(Environment env) {
        this.env = env;
    }

    Optional<String> url(NotifierSpec spec) {
        if (!NotifierSpec.urlEnvAllowed(spec.urlEnv())) {
            return Optional.empty();
        }
        String v = env.getProperty(spec.urlEnv());
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
