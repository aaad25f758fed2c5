package dev.tether.kong;

import java.util.List;

/** A consumer's membership of an ACL group. */
public record ObservedAcl(String id, String consumerId, String group, List<String> tags) {

    public ObservedAcl {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }
}
