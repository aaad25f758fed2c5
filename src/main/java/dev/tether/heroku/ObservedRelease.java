package dev.tether.heroku;

import java.time.Instant;

/**
 * A release: Heroku's numbered record of a config or add-on change and who made it, which is
 * how Tether tells its own changes from a Dashboard user's.
 *
 * @param id          release UUID
 * @param version     release number
 * @param description e.g. {@code Set FOO config vars}
 * @param user        email of the account that made the change
 * @param createdAt   when
 * @param current     whether this is the app's current release
 * @param slugId      the slug it runs; null for a release without code (a new app's v1) or of an OCI image
 * @param ociImageId  the OCI image it runs (a Fir app's {@code artifacts} entry of type {@code oci-image}); null otherwise
 */
public record ObservedRelease(String id, int version, String description, String user, Instant createdAt, boolean current,
                              String slugId, String ociImageId) {

    /** A release of a slug (or of no code), as every Cedar release is. */
    public ObservedRelease(String id, int version, String description, String user, Instant createdAt, boolean current,
                           String slugId) {
        this(id, version, description, user, createdAt, current, slugId, null);
    }
}
