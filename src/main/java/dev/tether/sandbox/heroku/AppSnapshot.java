package dev.tether.sandbox.heroku;

import java.util.List;
import java.util.Map;

/**
 * A copy of one emulated app's state taken under the emulator's lock, for tests and the
 * sandbox tour to check what a client changed. Holds no webhook secrets.
 *
 * @param id              the app's UUID
 * @param name            current name
 * @param region          region name
 * @param stack           stack name
 * @param space           Private Space name, or null
 * @param internalRouting internal routing flag (null outside a space)
 * @param maintenance     maintenance mode
 * @param webUrl          the app's {@code web_url}; a loopback backend once scaled up
 * @param config          config vars
 * @param formation       process type to quantity and size
 * @param addons          add-ons attached to the app
 * @param domains         custom domain hostnames (not the app's own herokuapp.com host)
 * @param buildpacks      buildpack URLs or names, in order
 * @param webhooks        app webhooks
 * @param releases        releases, oldest first
 * @param deliveries      webhook deliveries so far, oldest first
 */
public record AppSnapshot(
        String id, String name, String region, String stack, String space, Boolean internalRouting,
        boolean maintenance, String webUrl, Map<String, String> config, Map<String, Formation> formation,
        List<Addon> addons, List<String> domains, List<String> buildpacks, List<Webhook> webhooks,
        List<Release> releases, List<Delivery> deliveries) {

    /** A process type's dyno count and size. */
    public record Formation(int quantity, String size) {
    }

    /** An add-on: its name, {@code service:plan} and the config var it set. */
    public record Addon(String id, String name, String plan, String configVar) {
    }

    /** An app webhook subscription, without its secret. */
    public record Webhook(String id, String url, List<String> include, String level) {
    }

    /**
     * A release: its version, description, the email of the user who made it, and the slug it
     * runs (null until code was released) with that slug's commit (a build's source version).
     */
    public record Release(int version, String description, String user, String slugId, String commit) {
    }

    /** One delivery of an event to a webhook: its status and the subscriber's last answer. */
    public record Delivery(String webhookId, String include, String action, String status, int lastCode) {
    }

    /** The latest release. */
    public Release currentRelease() {
        return releases.getLast();
    }

    static AppSnapshot of(App app, List<WebhookDispatcher.Delivery> deliveries) {
        Map<String, Formation> formation = new java.util.LinkedHashMap<>();
        app.formation.values().forEach(f -> formation.put(f.type, new Formation(f.quantity, f.size.name())));
        return new AppSnapshot(
                app.id.toString(), app.name, app.region.name(), app.stack.name(),
                app.space == null ? null : app.space.name, app.internalRouting, app.maintenance, app.webUrl(),
                Map.copyOf(app.config), java.util.Collections.unmodifiableMap(formation),
                app.addons.values().stream().map(a -> new Addon(a.id.toString(), a.name, a.plan.fullName(), a.configVar)).toList(),
                app.domains.values().stream().filter(d -> "custom".equals(d.kind)).map(d -> d.hostname).toList(),
                List.copyOf(app.buildpacks),
                app.webhooks.values().stream().map(w -> new Webhook(w.id.toString(), w.url, List.copyOf(w.include), w.level)).toList(),
                app.releases.stream().map(r -> new Release(r.version, r.description, r.user.email(),
                        r.slug == null ? null : r.slug.id.toString(), r.slug == null ? null : r.slug.commit)).toList(),
                deliveries.stream().map(d -> new Delivery(d.webhookId.toString(), d.event.include(),
                        d.event.payload().get("action").asString(), d.status, d.lastCode)).toList());
    }
}
