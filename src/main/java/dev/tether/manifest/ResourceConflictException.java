package dev.tether.manifest;

/**
 * The write cannot be applied to the resource as it now stands: a stale resourceVersion, a
 * resource being deleted, a concurrent create. HTTP 409; nothing was stored.
 */
public class ResourceConflictException extends RuntimeException {
    public ResourceConflictException(String message) {
        super(message);
    }
}
