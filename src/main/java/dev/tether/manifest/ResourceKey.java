package dev.tether.manifest;


/** What the work queue holds: a resource's identity, never an event about it. */
public record ResourceKey(Kind kind, String name) {

    @Override
    public String toString() {
        return kind.manifestName() + "/" + name;
    }
}
