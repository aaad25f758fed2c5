package dev.tether.notify;

import dev.tether.manifest.Kind;
import dev.tether.manifest.NotifierSpec;
import dev.tether.secrets.SecretStore;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A Notifier's HMAC signing key: generated once (32 random bytes), kept encrypted in the
 * {@link SecretStore}, shown once on request; or read from a {@code Secret} when the spec names
 * one ({@code signingKeyRef}). Never logged, never in status, events or pages.
 */
@Component
class SigningKeys {

    static final String PURPOSE = "signing-key";
    /** Where a {@code Secret}'s values are kept: owner kind {@code Secret}, purpose {@code data.<key>}. */
    static final String SECRET_KIND = "Secret";

    private final SecretStore secrets;
    private final SecureRandom random = new SecureRandom();

    SigningKeys(SecretStore secrets) {
        this.secrets = secrets;
    }

    /** The key to sign with; empty until the Notifier's first pass generated it, or while a referenced Secret lacks it. */
    Optional<String> key(String notifier, NotifierSpec spec) {
        if (spec.signingKeyRef() != null) {
            return secrets.get(dev.tether.manifest.SecretSpec.OWNER_KIND, spec.signingKeyRef().secret(),
                    dev.tether.manifest.SecretSpec.purpose(spec.signingKeyRef().key()));
        }
        return generated(notifier);
    }

    /**
     * The key to sign with, generated the first time. Only the Notifier's own pass calls this
     * (one worker holds a resource at a time), so two keys are never generated for one Notifier.
     */
    Optional<String> ensure(String notifier, NotifierSpec spec) {
        Optional<String> existing = key(notifier, spec);
        if (existing.isPresent() || spec.signingKeyRef() != null) {
            return existing;
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        secrets.put(Kind.NOTIFIER.manifestName(), notifier, PURPOSE, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
        return secrets.get(Kind.NOTIFIER.manifestName(), notifier, PURPOSE);
    }

    /** The generated key, if there is one (not for a referenced Secret: its owner has it). */
    Optional<String> generated(String notifier) {
        return secrets.get(Kind.NOTIFIER.manifestName(), notifier, PURPOSE);
    }

    void forget(String notifier) {
        secrets.deleteAll(Kind.NOTIFIER.manifestName(), notifier);
    }
}
