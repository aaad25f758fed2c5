package dev.tether.sandbox.heroku;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Formation: list, info, single and batch update. Accepts what real clients send, which is
 * looser than the schema: quantities as integers or strings, relative ({@code "+1"}), and the
 * deprecated {@code size} beside {@code dyno_size} ({@code {name}} or {@code {id}}).
 */
final class FormationRoutes {

    static final int MAX_QUANTITY = 100;

    private final HerokuState state;

    FormationRoutes(HerokuState state) {
        this.state = state;
    }

    void register(Router router) {
        router.list("/apps/{app}/formation", List.of("id", "type"),
                        call -> Reply.list(state.app(call.param("app")).formation.values().stream().map(App.Formation::toJson).toList()))
                .get("/apps/{app}/formation/{type}", call -> Reply.ok(find(state.app(call.param("app")), call.param("type")).toJson()))
                .patch("/apps/{app}/formation/{type}", this::updateOne)
                .patch("/apps/{app}/formation", this::batch);
    }

    private Reply updateOne(ApiCall call) {
        App app = state.app(call.param("app"));
        App.Formation formation = find(app, call.param("type"));
        Change change = change(formation, call.body);
        apply(app, List.of(change), call.user);
        return Reply.ok(formation.toJson());
    }

    private Reply batch(ApiCall call) {
        App app = state.app(call.param("app"));
        JsonNode updates = call.body.get("updates");
        if (updates == null || !updates.isArray()) {
            throw ApiError.invalidParams("Missing required params: updates.");
        }
        List<Change> changes = new ArrayList<>();
        for (JsonNode update : updates) {
            String type = Json.text(update, "type");
            if (type == null) {
                throw ApiError.invalidParams("Missing required params: type.");
            }
            changes.add(change(find(app, type), update));
        }
        apply(app, changes, call.user);
        ArrayNode result = Json.MAPPER.createArrayNode();
        changes.forEach(c -> result.add(c.formation.toJson()));
        return Reply.ok(result);
    }

    /** A validated change, applied only once every item of a batch has validated. */
    private record Change(App.Formation formation, int quantity, Catalog.Named size) {
    }

    private static Change change(App.Formation formation, JsonNode update) {
        int quantity = formation.quantity;
        String q = Json.text(update, "quantity");
        if (q != null) {
            try {
                quantity = q.startsWith("+") || q.startsWith("-") ? formation.quantity + Integer.parseInt(q) : Integer.parseInt(q);
            } catch (NumberFormatException e) {
                throw ApiError.invalidParams("Invalid quantity: " + q + ".");
            }
            if (quantity < 0) {
                throw ApiError.invalidParams("Quantity must be 0 or more, not " + quantity + ".");
            }
            if (quantity > MAX_QUANTITY) {
                throw ApiError.invalidParams("Cannot scale " + formation.type + " beyond " + MAX_QUANTITY + " dynos.");
            }
        }
        Catalog.Named size = formation.size;
        String sizeId = Json.identity(update, "dyno_size");
        if (sizeId == null) {
            sizeId = Json.identity(update, "size");
        }
        if (sizeId != null) {
            size = Catalog.dynoSize(sizeId);
        }
        return new Change(formation, quantity, size);
    }

    private void apply(App app, List<Change> changes, User user) {
        for (Change c : changes) {
            App.Formation f = c.formation;
            if (f.quantity == c.quantity && f.size.equals(c.size)) {
                continue;
            }
            ObjectNode previous = Json.object();
            previous.put("quantity", f.quantity);
            previous.set("dyno_size", f.size.ref());
            f.quantity = c.quantity;
            f.size = c.size;
            f.updatedAt = state.now();
            state.publish(app, "api:formation", "formation", "update", user, f.toJson(), previous);
        }
        state.ensureBackend(app);
    }

    static App.Formation find(App app, String typeOrId) {
        for (App.Formation f : app.formation.values()) {
            if (f.type.equals(typeOrId) || f.id.toString().equals(typeOrId)) {
                return f;
            }
        }
        throw ApiError.notFound("formation", "Couldn't find that process type (" + typeOrId + ").");
    }
}
