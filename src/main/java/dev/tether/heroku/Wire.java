package dev.tether.heroku;

import java.time.Instant;
import java.util.List;

/**
 * The Platform API's JSON as Tether reads it: only the fields Tether uses, snake_case mapped by
 * the client's mapper, unknown fields ignored. Never leaves this package; {@link HerokuClient}
 * maps each into an observed record at the boundary.
 */
final class Wire {

    private Wire() {
    }

    record Ref(String id, String name) {
    }

    record SpaceRef(String id, String name, Boolean shield) {
    }

    record App(String id, String name, Ref region, Ref stack, Ref buildStack, SpaceRef space, Ref team,
               Boolean internalRouting, String webUrl, Boolean maintenance) {
    }

    record Formation(String id, String type, Integer quantity, Ref dynoSize, String size) {
    }

    record Dyno(String id, String type, String state) {
    }

    record Addon(String id, String name, Ref addonService, Ref plan, List<String> configVars, String state, Ref app) {
    }

    record AttachedAddon(String id, String name, Ref app) {
    }

    record Attachment(String id, String name, AttachedAddon addon, Ref app) {
    }

    record Domain(String id, String hostname, String kind, String cname, String status) {
    }

    record Buildpack(String url, String name) {
    }

    record BuildpackInstallation(Integer ordinal, Buildpack buildpack) {
    }

    record Webhook(String id, String url, List<String> include, String level) {
    }

    record User(String id, String email) {
    }

    record Release(String id, Integer version, String description, User user, Instant createdAt, Boolean current,
                   String status, Ref slug, List<Artifact> artifacts) {

        /** The id of its artifact of {@code type} ({@code slug}, {@code oci-image}), or null. */
        String artifact(String type) {
            return artifacts == null ? null : artifacts.stream().filter(a -> type.equals(a.type())).map(Artifact::id)
                    .findFirst().orElse(null);
        }
    }

    record Artifact(String type, String id) {
    }

    record SourceBlob(String url, String checksum, String version) {
    }

    record Build(String id, String status, SourceBlob sourceBlob, Ref slug, String outputStreamUrl, Instant createdAt) {
    }

    record Error(String id, String message, String resource) {
    }
}
