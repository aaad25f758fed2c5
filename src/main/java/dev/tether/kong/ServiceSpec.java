package dev.tether.kong;

import java.util.List;

/** What Tether writes for a service: its name, upstream URL and ownership tags. */
public record ServiceSpec(String name, String url, List<String> tags) {

    public ServiceSpec {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
