package dev.tether.kong;

import java.util.List;

/** A consumer's key-auth credential. {@link #toString} never shows the key. */
public record ObservedKeyAuth(String id, String consumerId, String key, List<String> tags) {

    public ObservedKeyAuth {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String toString() {
        return "ObservedKeyAuth[id=" + id + ", consumerId=" + consumerId + ", key=<redacted>, tags=" + tags + "]";
    }
}
