package dev.tether.sandbox.heroku;

import java.util.List;

/** Releases: the numbered history of config and add-on changes, each naming its user. */
final class ReleaseRoutes {

    private final HerokuState state;

    ReleaseRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.list("/apps/{app}/releases", List.of("version", "id"),
                        call -> Reply.list(state.app(call.param("app")).releases.stream().map(App.Release::toJson).toList()))
                .get("/apps/{app}/releases/{release}", call -> Reply.ok(find(state.app(call.param("app")), call.param("release")).toJson()));
    }

    /** A release by id or version number. */
    static App.Release find(App app, String idOrVersion) {
        for (App.Release r : app.releases) {
            if (r.id.toString().equals(idOrVersion) || String.valueOf(r.version).equals(idOrVersion)) {
                return r;
            }
        }
        throw ApiError.notFound("release", "Couldn't find that release.");
    }
}
