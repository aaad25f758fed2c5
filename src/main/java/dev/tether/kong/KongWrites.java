package dev.tether.kong;

/**
 * What Tether's own writes through one {@link KongAdminClient} left in Kong, told as each answer
 * arrives, so a read of the gateway can be kept true without reading it again (write-through,
 * {@link OwnedSnapshots}). A refused write (a 4xx) changed nothing and is not told.
 */
interface KongWrites {

    /** Told nothing: a client nobody listens to. */
    KongWrites NONE = new KongWrites() {
    };

    /** A PUT or POST of a service answered with this entity. */
    default void service(ObservedService service) {
    }

    default void route(ObservedRoute route) {
    }

    default void plugin(ObservedPlugin plugin) {
    }

    /** A DELETE answered: the entity of {@code collection} ({@code services}, ...) with that id or name is gone. */
    default void removed(String collection, String idOrName) {
    }

    /** A write whose outcome is unknown (cut off, timed out, a 5xx): what Kong holds must be read again. */
    default void unknown() {
    }
}
