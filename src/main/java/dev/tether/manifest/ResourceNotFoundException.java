package dev.tether.manifest;

/** The named resource (or one of its generations) does not exist: HTTP 404. */
public class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException(String message) {
        super(message);
    }
}
