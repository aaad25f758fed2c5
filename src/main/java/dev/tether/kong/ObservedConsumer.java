package dev.tether.kong;

import java.util.List;

/** A Kong consumer as Tether sees it. */
public record ObservedConsumer(String id, String username, String customId, List<String> tags) {

    public ObservedConsumer {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
