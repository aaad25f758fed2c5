package dev.tether.sandbox.heroku;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Apps and team apps: create (team apps may sit in a space and be internally routed), info by
 * id or name, list (also as {@code /users/~/apps}), update (only {@code name}, {@code maintenance}, {@code build_stack} are
 * mutable, as on Heroku; {@code PUT} renames like heroku.jar expects), delete, and the team-app
 * transfer and lock ({@code PATCH /teams/apps/{app}}).
 */
final class AppRoutes {

    private static final List<String> APP_RANGES = List.of("id", "name", "updated_at");

    private final HerokuState state;

    AppRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.post("/apps", this::create)
                .list("/apps", APP_RANGES, call -> Reply.list(state.apps.values().stream().map(App::toJson).toList()))
                .list("/users/{account}/apps", APP_RANGES, this::listForUser)
                .get("/apps/{app}", call -> Reply.ok(state.app(call.param("app")).toJson()))
                .patch("/apps/{app}", this::update)
                .put("/apps/{app}", this::update)
                .delete("/apps/{app}", this::delete)
                .post("/teams/apps", this::createTeamApp)
                .get("/teams/apps/{app}", call -> Reply.ok(teamJson(state.app(call.param("app")))))
                .patch("/teams/apps/{app}", this::updateTeamApp)
                .list("/teams/{team}/apps", APP_RANGES, call -> {
                    Catalog.Named team = state.team(call.param("team"));
                    return Reply.list(state.apps.values().stream()
                            .filter(a -> team.equals(a.team)).map(AppRoutes::teamJson).toList());
                });
    }

    /**
     * The apps a user can see ({@code heroku apps} asks for {@code /users/~/apps}). The sandbox
     * is one shared account: every known user collaborates on every app.
     */
    private Reply listForUser(ApiCall call) {
        String account = call.param("account");
        if (!account.equals("~") && !account.equals(call.user.email()) && !account.equals(call.user.id().toString())) {
            throw ApiError.notFound("user", "Couldn't find that user.");
        }
        return Reply.list(state.apps.values().stream().map(App::toJson).toList());
    }

    private Reply create(ApiCall call) {
        App app = newApp(call, null, null, null);
        return Reply.created(app.toJson());
    }

    private Reply createTeamApp(ApiCall call) {
        Space space = null;
        String spaceId = Json.identity(call.body, "space");
        if (spaceId != null) {
            space = state.space(spaceId);
        }
        Boolean internalRouting = Json.bool(call.body, "internal_routing");
        if (Boolean.TRUE.equals(internalRouting) && space == null) {
            throw ApiError.invalidParams("Internal routing is only available for apps in a Private Space.");
        }
        Catalog.Named team = space != null ? space.team : null;
        String teamName = Json.identity(call.body, "team");
        if (teamName != null) {
            state.team(teamName);
            if (space != null && !space.team.name().equals(teamName) && !space.team.id().toString().equals(teamName)) {
                throw ApiError.invalidParams("Space " + space.name + " does not belong to team " + teamName + ".");
            }
            team = space != null ? space.team : state.team(teamName);
        }
        if (space != null && internalRouting == null) {
            internalRouting = false;
        }
        App app = newApp(call, space, team, internalRouting);
        return Reply.created(teamJson(app));
    }

    private App newApp(ApiCall call, Space space, Catalog.Named team, Boolean internalRouting) {
        String name = Json.text(call.body, "name");
        if (name == null) {
            name = state.generatedName(null);
        }
        state.checkAppName(name, null);
        String regionId = Json.identity(call.body, "region");
        Catalog.Named region = space != null ? space.region : Catalog.region(regionId == null ? "us" : regionId);
        String stackId = Json.identity(call.body, "stack");
        Catalog.Named stack = Catalog.stack(stackId == null ? Catalog.DEFAULT_STACK : stackId);
        App app = new App(name, region, stack, space, team, internalRouting, call.user, state.now());
        state.apps.put(app.id, app);
        // Heroku's first release has no slug: a new app has no formation until code is released
        state.release(app, "Initial release", call.user, null);
        return app;
    }

    private Reply update(ApiCall call) {
        App app = state.app(call.param("app"));
        ObjectNode previous = Json.object();
        String name = Json.text(call.body, "name");
        Boolean maintenance = Json.bool(call.body, "maintenance");
        String buildStack = Json.identity(call.body, "build_stack");
        if (name != null && !name.equals(app.name)) {
            state.checkAppName(name, app);
        }
        Catalog.Named newStack = buildStack == null ? null : Catalog.stack(buildStack);
        if (name != null && !name.equals(app.name)) {
            previous.put("name", app.name);
            app.name = name;
        }
        if (maintenance != null && maintenance != app.maintenance) {
            previous.put("maintenance", app.maintenance);
            app.maintenance = maintenance;
        }
        if (newStack != null && !newStack.equals(app.buildStack)) {
            previous.set("build_stack", app.buildStack.ref());
            app.buildStack = newStack;
        }
        if (!previous.isEmpty()) {
            app.updatedAt = state.now();
            state.publish(app, "api:app", "app", "update", call.user, app.toJson(), previous);
        }
        return Reply.ok(app.toJson());
    }

    private Reply delete(ApiCall call) {
        App app = state.app(call.param("app"));
        ObjectNode json = app.toJson();
        state.publish(app, "api:app", "app", "destroy", call.user, json, null);
        state.remove(app);
        return Reply.ok(json);
    }

    /**
     * {@code PATCH /teams/apps/{app}}: a transfer ({@code owner}: a team, or an account for a
     * personal app) or a lock ({@code locked}). A team or account the caller cannot see is
     * Heroku's 404; an app in a Private Space stays with the space's team.
     */
    private Reply updateTeamApp(ApiCall call) {
        App app = state.app(call.param("app"));
        String owner = Json.identity(call.body, "owner");
        Boolean locked = Json.bool(call.body, "locked");
        if (owner == null && locked == null) {
            throw ApiError.invalidParams("Missing required params: owner.");
        }
        ObjectNode previous = Json.object();
        if (owner != null) {
            Catalog.Named team = null;
            User user = null;
            if (owner.contains("@") || owner.equals("~")) {
                user = owner.equals("~") ? call.user : state.usersByToken.values().stream()
                        .filter(u -> u.email().equalsIgnoreCase(owner)).findFirst()
                        .orElseThrow(() -> ApiError.notFound("user", "Couldn't find that user."));
            } else {
                team = Catalog.team(owner);
            }
            if (app.space != null && !app.space.team.equals(team)) {
                throw ApiError.invalidParams("Apps in a Private Space cannot be transferred out of the space's team (" + app.space.team.name() + ").");
            }
            if (team != null && !team.equals(app.team)) {
                if (app.team == null) {
                    previous.putNull("team");
                } else {
                    previous.set("team", app.team.ref());
                }
                app.team = team;
            } else if (user != null && (app.team != null || !user.equals(app.owner))) {
                previous.set("owner", app.owner.ref());
                app.team = null;
                app.owner = user;
            }
        }
        if (locked != null) {
            if (app.team == null) {
                throw ApiError.invalidParams("Only team apps can be locked.");
            }
            if (locked != app.locked) {
                previous.put("locked", app.locked);
                app.locked = locked;
            }
        }
        if (!previous.isEmpty()) {
            app.updatedAt = state.now();
            state.publish(app, "api:app", "app", "update", call.user, app.toJson(), previous);
        }
        return Reply.ok(teamJson(app));
    }

    /** The team-app shape: the app plus {@code joined} and {@code locked}. */
    static ObjectNode teamJson(App app) {
        ObjectNode node = app.toJson();
        node.put("joined", false);
        node.put("locked", app.locked);
        return node;
    }
}
