package dev.tether.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What deleting a resource from Tether does to the real thing (DESIGN §2). */
public enum DeletionPolicy {
    /** Forget it and leave it running (the default: deleting a manifest never destroys data by accident). */
    @JsonProperty("Orphan") ORPHAN,
    /** Remove it from Heroku or Kong. */
    @JsonProperty("Delete") DELETE
}
