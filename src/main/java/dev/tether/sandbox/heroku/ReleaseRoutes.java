package dev.tether.sandbox.heroku;

import java.util.List;

/**
 * Releases: the numbered history of code, config and add-on changes, each naming its user.
 * {@code POST /apps/{app}/releases} releases a slug ({@code {slug}}, any of the account's
 * slugs, which is how a promotion works) or rolls back ({@code {release}}: a new release of
 * that release's slug and config vars, as Heroku's rollback does). On a Fir app
 * {@code {oci_image}} (id or digest) releases an OCI image ({@link OciImageRoutes}) instead.
 */
final class ReleaseRoutes {

    private final HerokuState state;

    ReleaseRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.list("/apps/{app}/releases", List.of("version", "id"),
                        call -> Reply.list(state.app(call.param("app")).releases.stream().map(App.Release::toJson).toList()))
                .get("/apps/{app}/releases/{release}", call -> Reply.ok(find(state.app(call.param("app")), call.param("release")).toJson()))
                .post("/apps/{app}/releases", this::create);
    }

    private Reply create(ApiCall call) {
        App app = state.app(call.param("app"));
        String rollbackTo = Json.identity(call.body, "release");
        if (rollbackTo != null) {
            App.Release target = find(app, rollbackTo);
            if (target.slug == null) {
                throw ApiError.invalidParams("Cannot roll back to v" + target.version + ": it has no slug.");
            }
            app.config.clear();
            app.config.putAll(target.config);
            return Reply.created(state.release(app, "Rollback to v" + target.version, call.user, target.slug).toJson());
        }
        String slugId = Json.identity(call.body, "slug");
        String imageId = Json.text(call.body, "oci_image");
        if (slugId == null && imageId != null) {
            OciImageRoutes.requireFir(app);
            App.Slug image = OciImageRoutes.find(state, imageId);
            String description = Json.text(call.body, "description");
            return Reply.created(state.release(app, description != null ? description
                    : "Deploy " + (image.commit == null ? image.id.toString().substring(0, 8) : image.commit), call.user, image).toJson());
        }
        if (slugId == null) {
            throw ApiError.invalidParams("Missing required params: slug.");
        }
        App.Slug slug = state.slug(slugId);
        String description = Json.text(call.body, "description");
        if (description == null) {
            description = slug.commit == null ? "Deploy " + slug.id.toString().substring(0, 8) : "Deploy " + slug.commit;
        }
        return Reply.created(state.release(app, description, call.user, slug).toJson());
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
