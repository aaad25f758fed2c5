package dev.tether.heroku;

import java.util.Map;

/**
 * An add-on to provision.
 *
 * @param plan           {@code service:plan} or a bare service name
 * @param name           global add-on name, or null for a generated one
 * @param attachmentName config var prefix (e.g. {@code CACHE} for {@code CACHE_URL}), or null
 * @param config         provider options, may be empty
 */
public record NewAddon(String plan, String name, String attachmentName, Map<String, String> config) {

    public static NewAddon plan(String plan) {
        return new NewAddon(plan, null, null, Map.of());
    }
}
