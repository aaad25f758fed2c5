package dev.tether.kong;

import java.util.List;

/** What Tether writes for a consumer. */
public record ConsumerSpec(String username, String customId, List<String> tags) {

    public ConsumerSpec {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
