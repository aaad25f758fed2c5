package dev.tether.sandbox.heroku;

import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Domains: the app's own {@code herokuapp.com} host ({@code kind: heroku}) plus custom ones,
 * each given a {@code herokudns.com} DNS target. A hostname belongs to one app at a time.
 */
final class DomainRoutes {

    private static final Pattern HOSTNAME = Pattern.compile("^(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$");

    private final HerokuState state;

    DomainRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.list("/apps/{app}/domains", List.of("id", "hostname"),
                        call -> Reply.list(state.app(call.param("app")).domains.values().stream().map(App.Domain::toJson).toList()))
                .get("/apps/{app}/domains/{domain}", call -> Reply.ok(find(state.app(call.param("app")), call.param("domain")).toJson()))
                .post("/apps/{app}/domains", this::create)
                .delete("/apps/{app}/domains/{domain}", this::delete);
    }

    private Reply create(ApiCall call) {
        App app = state.app(call.param("app"));
        String hostname = Json.text(call.body, "hostname");
        if (hostname == null) {
            throw ApiError.invalidParams("Missing required params: hostname.");
        }
        hostname = hostname.toLowerCase(Locale.ROOT);
        if (!HOSTNAME.matcher(hostname).matches() || hostname.endsWith(".herokuapp.com")) {
            throw ApiError.invalidParams("Hostname " + hostname + " is invalid.");
        }
        for (App other : state.apps.values()) {
            for (App.Domain d : other.domains.values()) {
                if (d.hostname.equals(hostname)) {
                    throw ApiError.invalidParams(hostname + " is currently in use by " + (other == app ? "this app." : "another app."));
                }
            }
        }
        String target = state.generatedName(null) + "-" + UUID.randomUUID().toString().substring(0, 8) + ".herokudns.com";
        App.Domain domain = app.new Domain(hostname, "custom", target, state.now());
        app.domains.put(domain.id, domain);
        state.publish(app, "api:domain", "domain", "create", call.user, domain.toJson(), null);
        return Reply.created(domain.toJson());
    }

    private Reply delete(ApiCall call) {
        App app = state.app(call.param("app"));
        App.Domain domain = find(app, call.param("domain"));
        if ("heroku".equals(domain.kind)) {
            throw ApiError.invalidParams("The default domain of an app cannot be removed.");
        }
        app.domains.remove(domain.id);
        state.publish(app, "api:domain", "domain", "destroy", call.user, domain.toJson(), null);
        return Reply.ok(domain.toJson());
    }

    static App.Domain find(App app, String idOrHostname) {
        for (App.Domain d : app.domains.values()) {
            if (d.id.toString().equals(idOrHostname) || d.hostname.equalsIgnoreCase(idOrHostname)) {
                return d;
            }
        }
        throw ApiError.notFound("domain", "Couldn't find that domain.");
    }
}
