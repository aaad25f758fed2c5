package dev.tether.sandbox.heroku;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the emulated account holds. Handlers run one at a time under this object's
 * monitor (the servlet synchronises on it), so entities need no locking of their own.
 */
final class HerokuState {

    static final Pattern APP_NAME = Pattern.compile("^[a-z][a-z0-9-]{1,28}[a-z0-9]$");

    private final Clock clock;
    final Map<String, User> usersByToken = new ConcurrentHashMap<>();
    final Map<UUID, App> apps = new LinkedHashMap<>();
    final Map<UUID, Space> spaces = new LinkedHashMap<>();
    /** Attachments of add-ons to apps other than their billing app. */
    final Map<UUID, Attachment> attachments = new LinkedHashMap<>();
    final WebhookDispatcher webhooks;
    final SandboxBackends backends;
    /** The API's own base URL ({@code http://127.0.0.1:<port>}), for the blob and output URLs it hands out. */
    volatile String baseUrl = "http://127.0.0.1";
    /** Told after every change to the account (the sandbox writes its state file); nothing by default. */
    volatile Runnable onChange = () -> { };

    HerokuState(Clock clock, WebhookDispatcher webhooks, SandboxBackends backends) {
        this.clock = clock;
        this.webhooks = webhooks;
        this.backends = backends;
    }

    /** Reports a change; call under this object's monitor, as handlers run. */
    void changed() {
        onChange.run();
    }

    Instant now() {
        return clock.instant();
    }

    /** An app by UUID or name, or Heroku's 404. Old names after a rename are not found. */
    App app(String idOrName) {
        return findApp(idOrName).orElseThrow(() -> ApiError.notFound("app", "Couldn't find that app."));
    }

    Optional<App> findApp(String idOrName) {
        for (App app : apps.values()) {
            if (app.id.toString().equals(idOrName) || app.name.equals(idOrName)) {
                return Optional.of(app);
            }
        }
        return Optional.empty();
    }

    /** A team by name or id, or Heroku's 404 for a team the account is not in. */
    Catalog.Named team(String idOrName) {
        return Catalog.team(idOrName);
    }

    Space space(String idOrName) {
        for (Space space : spaces.values()) {
            if (space.id.toString().equals(idOrName) || space.name.equals(idOrName)) {
                return space;
            }
        }
        throw ApiError.notFound("space", "Couldn't find that space.");
    }

    void checkAppName(String name, App renaming) {
        if (!APP_NAME.matcher(name).matches()) {
            throw ApiError.invalidParams("Name must start with a letter, end with a letter or digit and can only contain lowercase letters, digits, and dashes.");
        }
        Optional<App> holder = findApp(name);
        if (holder.isPresent() && holder.get() != renaming) {
            throw ApiError.invalidParams("Name is already taken");
        }
    }

    /** A fresh name in Heroku's style for apps and add-ons created without one. */
    String generatedName(String prefix) {
        String[] words = {"shiny", "quiet", "brisk", "lucky", "polar", "amber", "rapid", "gentle"};
        String[] nouns = {"river", "meadow", "falcon", "harbor", "canyon", "glacier", "orchard", "beacon"};
        var random = java.util.concurrent.ThreadLocalRandom.current();
        String base = words[random.nextInt(words.length)] + "-" + nouns[random.nextInt(nouns.length)] + "-" + (10000 + random.nextInt(90000));
        return prefix == null ? base : prefix + "-" + base;
    }

    /** All add-ons across the account's apps. */
    List<Addon> allAddons() {
        List<Addon> all = new ArrayList<>();
        apps.values().forEach(a -> all.addAll(a.addons.values()));
        return all;
    }

    /** Cuts a release with the current config and add-ons, running the slug the app runs now. */
    App.Release release(App app, String description, User user) {
        return release(app, description, user, app.currentSlug());
    }

    /**
     * Cuts a release of {@code slug} with the current config and add-ons, and tells subscribers.
     * A release of new code sets the formation to the slug's process types (Heroku's rule) and
     * opens the app's backend once a {@code web} dyno runs.
     */
    App.Release release(App app, String description, User user, App.Slug slug) {
        int version = app.releases.isEmpty() ? 1 : app.releases.getLast().version + 1;
        List<String> plans = app.addons.values().stream().map(a -> a.plan.fullName()).toList();
        App.Slug before = app.currentSlug();
        App.Release release = app.new Release(version, description, user, now(), Map.copyOf(app.config), plans, slug);
        app.releases.add(release);
        app.releasedAt = release.createdAt;
        if (slug != null && slug != before) {
            app.defineProcesses(slug.processTypes, release.createdAt);
            ensureBackend(app);
        }
        publish(app, "api:release", "release", "create", user, release.toJson(), null);
        return release;
    }

    /** A slug by id on any of the account's apps (a promotion releases another app's slug), or 404. */
    App.Slug slug(String id) {
        for (App app : apps.values()) {
            for (App.Slug slug : app.slugs.values()) {
                if (slug.id.toString().equals(id)) {
                    return slug;
                }
            }
        }
        throw ApiError.notFound("slug", "Couldn't find that slug.");
    }

    /** Records an event on the app's webhooks whose {@code include} covers it. */
    void publish(App app, String include, String resource, String action, User actor, ObjectNode data, ObjectNode previous) {
        webhooks.publish(app, include, resource, action, actor, data, previous == null ? Json.object() : previous, now());
    }

    /** Opens the app's sandbox backend the first time it has a web dyno. */
    void ensureBackend(App app) {
        if (app.backendPort == 0 && app.webQuantity() >= 1) {
            app.backendPort = backends.open(app.id);
        }
    }

    /** Removes an attachment to a non-billing app: its config var goes, a release is cut. */
    void detach(Attachment attachment, User user) {
        attachments.remove(attachment.id);
        attachment.app.config.remove(attachment.configVar());
        publish(attachment.app, "api:addon-attachment", "addon-attachment", "destroy", user, attachment.toJson(), null);
        release(attachment.app, "Detach " + attachment.name + " (@ref:" + attachment.addon.name + ")", user);
    }

    /** An add-on is gone: so are its attachments to other apps. */
    void addonDestroyed(Addon addon, User user) {
        attachments.values().stream().filter(a -> a.addon == addon).toList().forEach(a -> detach(a, user));
    }

    void remove(App app) {
        // the app's own add-ons go with it (and their attachments elsewhere); what it attached only detaches
        app.addons.values().forEach(a -> attachments.values().removeIf(x -> {
            boolean gone = x.addon == a;
            if (gone) {
                x.app.config.remove(x.configVar());
            }
            return gone;
        }));
        attachments.values().removeIf(x -> x.app == app);
        apps.remove(app.id);
        if (app.backendPort > 0) {
            backends.close(app.backendPort);
        }
    }
}
