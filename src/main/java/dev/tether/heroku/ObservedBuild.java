package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import java.util.Objects;

/**
 * A build: its status ({@code pending}, {@code succeeded}, {@code failed}), the source it was
 * built from, the slug it made, and where its output is.
 */
public record ObservedBuild(String id, String status, String sourceUrl, String checksum, String version, String slugId,
                            String outputStreamUrl) {

    public boolean pending() {
        return "pending".equals(status);
    }

    public boolean succeeded() {
        return "succeeded".equals(status);
    }

    public boolean failed() {
        return "failed".equals(status);
    }

    /** Whether this build was made from the declared source (URL, checksum and version alike). */
    public boolean builtFrom(HerokuAppSpec.Build source) {
        return Objects.equals(sourceUrl, source.sourceUrl()) && Objects.equals(checksum, source.checksum())
                && Objects.equals(version, source.version());
    }
}
