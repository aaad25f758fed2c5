package dev.tether.sandbox.heroku;

import java.util.List;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/**
 * The account and Private Spaces, plus the endpoints the CLI calls around the resources Tether
 * manages: {@code /account}, {@code /account/rate-limits} (free of charge, as on Heroku) and an
 * app's (always empty) {@code sni-endpoints}.
 */
final class AccountRoutes {

    private final HerokuState state;
    private final RateLimiter limiter;

    AccountRoutes(HerokuState state, RateLimiter limiter) {
        this.state = state;
        this.limiter = limiter;
    }

    void register(Router router) {
        router.get("/account", call -> Reply.ok(account(call.user)))
                .get("/account/rate-limits", call -> {
                    ObjectNode node = Json.object();
                    node.put("remaining", limiter.remaining(call.user.email()));
                    return Reply.ok(node);
                })
                .list("/apps/{app}/sni-endpoints", List.of("id", "name"), call -> {
                    state.app(call.param("app"));
                    return Reply.list(List.of());
                })
                .post("/spaces", this::createSpace)
                .list("/spaces", List.of("id", "name"), call -> Reply.list(state.spaces.values().stream().map(Space::toJson).toList()))
                .get("/spaces/{space}", call -> Reply.ok(state.space(call.param("space")).toJson()))
                .patch("/spaces/{space}", this::renameSpace)
                .delete("/spaces/{space}", this::deleteSpace);
    }

    private ObjectNode account(User user) {
        ObjectNode node = Json.object();
        node.put("allow_tracking", false);
        node.put("beta", false);
        node.put("created_at", "2024-01-01T00:00:00Z");
        node.put("email", user.email());
        node.put("federated", false);
        node.put("id", user.id().toString());
        node.putNull("identity_provider");
        node.putNull("last_login");
        node.put("name", user.email().substring(0, user.email().indexOf('@')));
        node.putNull("sms_number");
        node.putNull("suspended_at");
        node.putNull("delinquent_at");
        node.put("two_factor_authentication", false);
        node.put("updated_at", "2024-01-01T00:00:00Z");
        node.put("verified", true);
        node.putNull("country_of_residence");
        node.putNull("default_organization");
        node.putNull("default_team");
        return node;
    }

    private Reply createSpace(ApiCall call) {
        String name = Json.text(call.body, "name");
        String team = Json.identity(call.body, "team");
        if (name == null || team == null) {
            throw ApiError.invalidParams("Missing required params: " + (name == null ? "name" : "team") + ".");
        }
        name = name.toLowerCase(Locale.ROOT);
        if (!HerokuState.APP_NAME.matcher(name).matches()) {
            throw ApiError.invalidParams("Name must start with a letter and can only contain lowercase letters, digits, and dashes.");
        }
        String finalName = name;
        if (state.spaces.values().stream().anyMatch(s -> s.name.equals(finalName))) {
            throw ApiError.invalidParams("Name is already taken");
        }
        String region = Json.identity(call.body, "region");
        Boolean shield = Json.bool(call.body, "shield");
        String cidr = Json.text(call.body, "cidr");
        String generation = Json.text(call.body, "generation");
        if (generation != null && !generation.equals("cedar") && !generation.equals("fir")) {
            throw ApiError.invalidParams("Generation must be one of cedar, fir.");
        }
        Space space = new Space(name, state.team(team),
                Catalog.region(region == null ? "us" : region), Boolean.TRUE.equals(shield),
                cidr == null ? "10.0.0.0/16" : cidr, state.now());
        if (generation != null) {
            space.generation = generation;
        }
        state.spaces.put(space.id, space);
        return Reply.created(space.toJson());
    }

    private Reply renameSpace(ApiCall call) {
        Space space = state.space(call.param("space"));
        String name = Json.text(call.body, "name");
        if (name != null) {
            space.name = name;
            space.updatedAt = state.now();
        }
        return Reply.ok(space.toJson());
    }

    private Reply deleteSpace(ApiCall call) {
        Space space = state.space(call.param("space"));
        if (state.apps.values().stream().anyMatch(a -> a.space == space)) {
            throw ApiError.conflict("Space " + space.name + " still has apps; delete them first.");
        }
        state.spaces.remove(space.id);
        return Reply.ok(space.toJson());
    }
}
