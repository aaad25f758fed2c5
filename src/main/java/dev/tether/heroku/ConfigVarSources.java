package dev.tether.heroku;

import dev.tether.manifest.ConfigVar;
import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.SecretSpec;
import dev.tether.manifest.StoredResource;
import dev.tether.secrets.SecretStore;
import dev.tether.status.ResourceStatus;
import dev.tether.status.StatusStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves an app's {@code configVars.X: {valueFrom: ...}} at reconcile (DESIGN §2b): a Secret's
 * key (decrypted here, handed only to Heroku) or another app's {@code webUrl}, {@code webHost},
 * {@code name} or {@code id}, read from that app's status, so the value follows it through renames
 * and recreation. The app is a dependent of each source ({@code HerokuAppSpec.references()}), so a
 * source's change makes it due at once.
 *
 * <p>Each resolved value has a <em>version</em> (the Secret's generation, or the app field's value)
 * kept in the app's status: a difference at such a var is a spec change when its version moved
 * since the last pass, and drift (decided by the drift policy) when it did not.
 */
@Component
class ConfigVarSources {

    private final DesiredStateStore store;
    private final StatusStore statuses;
    private final SecretStore secrets;

    ConfigVarSources(DesiredStateStore store, StatusStore statuses, SecretStore secrets) {
        this.store = store;
        this.statuses = statuses;
        this.secrets = secrets;
    }

    /**
     * The specs the planner compares: {@code spec} with each resolvable reference as a literal
     * (an unresolvable one stays a reference and is not managed this pass), and {@code lastApplied}
     * with the same value where the reference and its version are unchanged since the last pass
     * (so a difference there is drift) and without it where they moved (a spec change).
     *
     * @param waiting   what could not be resolved, for a person: {@code configVars.STRIPE_KEY: Secret/stripe does not exist}
     * @param versions  the version of each resolved value, to keep in the status
     */
    record Resolved(HerokuAppSpec spec, HerokuAppSpec lastApplied, List<String> waiting, Map<String, String> versions) {
    }

    Resolved resolve(HerokuAppSpec spec, HerokuAppSpec lastApplied, ResourceStatus status) {
        if (spec.configVars() == null || spec.configVars().values().stream().allMatch(ConfigVar::isLiteral)) {
            return new Resolved(spec, lastApplied, List.of(), Map.of());
        }
        Map<String, String> known = Optional.ofNullable(status).map(s -> s.external(HerokuAppExternal.class).valueFromVersions())
                .orElse(Map.of());
        Map<String, ConfigVar> vars = new LinkedHashMap<>();
        Map<String, ConfigVar> lastVars = lastApplied == null || lastApplied.configVars() == null
                ? null : new LinkedHashMap<>(lastApplied.configVars());
        List<String> waiting = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        spec.configVars().forEach((name, var) -> {
            if (var.isLiteral()) {
                vars.put(name, var);
                return;
            }
            Value value = value(var.valueFrom());
            if (value.missing() != null) {
                waiting.add("configVars." + name + ": " + value.missing());
                vars.put(name, var);
                return;
            }
            vars.put(name, ConfigVar.literal(value.value()));
            versions.put(name, value.version());
            if (lastVars != null && var.equals(lastVars.get(name))) {
                boolean unchanged = value.version().equals(known.get(name));
                if (unchanged) {
                    lastVars.put(name, ConfigVar.literal(value.value()));
                } else {
                    lastVars.remove(name);
                }
            }
        });
        return new Resolved(spec.withConfigVars(vars), lastVars == null ? lastApplied : lastApplied.withConfigVars(lastVars),
                List.copyOf(waiting), versions);
    }

    /** A resolved value and its version, or why there is none yet. */
    private record Value(String value, String version, String missing) {
        static Value missing(String why) {
            return new Value(null, null, why);
        }
    }

    private Value value(ConfigVar.ValueFrom from) {
        if (from.fromSecret()) {
            Optional<StoredResource> secret = store.find(Kind.SECRET, from.secret()).filter(r -> !r.deleting());
            if (secret.isEmpty()) {
                return Value.missing("Secret/" + from.secret() + " does not exist");
            }
            if (!((SecretSpec) secret.get().typedSpec()).keys().contains(from.key())) {
                return Value.missing("Secret/" + from.secret() + " has no key " + from.key());
            }
            return secrets.get(SecretSpec.OWNER_KIND, from.secret(), SecretSpec.purpose(from.key()))
                    .map(v -> new Value(v, "Secret/" + from.secret() + "@" + secret.get().generation(), null))
                    .orElseGet(() -> Value.missing("Secret/" + from.secret() + " has no stored value for " + from.key()));
        }
        Optional<StoredResource> app = store.find(Kind.HEROKU_APP, from.app()).filter(r -> !r.deleting());
        if (app.isEmpty()) {
            return Value.missing("HerokuApp/" + from.app() + " does not exist");
        }
        HerokuAppExternal external = statuses.get(app.get().id()).external(HerokuAppExternal.class);
        String field = switch (from.field()) {
            case "webUrl" -> external.webUrl();
            case "webHost" -> external.webHost();
            case "name" -> external.name();
            case "id" -> external.id();
            default -> null;
        };
        if (!(field instanceof String text) || text.isEmpty()) {
            return Value.missing("HerokuApp/" + from.app() + " has no " + from.field() + " yet");
        }
        return new Value(text, text, null);
    }
}
