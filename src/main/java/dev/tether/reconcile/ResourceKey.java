package dev.tether.reconcile;

import dev.tether.manifest.Kind;

/** What the work queue holds: a resource's identity, never an event about it. */
public record ResourceKey(Kind kind, String name) {

    @Override
    public String toString() {
        return kind.manifestName() + "/" + name;
    }
}
