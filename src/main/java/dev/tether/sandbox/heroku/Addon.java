package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** A provisioned add-on, attached to its billing app under one config var. */
final class Addon {

    UUID id = UUID.randomUUID();
    final String name;
    final App app;
    Catalog.Plan plan;
    final String configVar;
    final Instant createdAt;
    Instant updatedAt;

    Addon(String name, App app, Catalog.Plan plan, String configVar, Instant now) {
        this.name = name;
        this.app = app;
        this.plan = plan;
        this.configVar = configVar;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The attachment name, as in Heroku's release descriptions ({@code Attach DATABASE}). */
    String attachmentName() {
        return configVar.endsWith("_URL") ? configVar.substring(0, configVar.length() - 4) : configVar;
    }

    /** A value shaped like the one the real provider hands out, pointing nowhere. */
    String configValue() {
        String user = "u" + id.toString().substring(0, 8);
        return switch (plan.service()) {
            case "heroku-postgresql" -> "postgres://" + user + ":p" + id.toString().substring(24) + "@127.0.0.1:5432/d" + id.toString().substring(9, 13);
            case "heroku-redis" -> "redis://:p" + id.toString().substring(24) + "@127.0.0.1:6379";
            default -> "https://" + plan.service().toLowerCase(Locale.ROOT) + ".sandbox.invalid/" + id;
        };
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.putArray("actions");
        ObjectNode service = Json.object();
        service.put("id", Catalog.id("service", plan.service()).toString());
        service.put("name", plan.service());
        node.set("addon_service", service);
        ObjectNode billing = Json.object();
        billing.put("id", app.id.toString());
        billing.put("name", app.name);
        billing.put("type", "app");
        node.set("billing_entity", billing);
        node.set("app", app.ref());
        ObjectNode price = Json.object();
        price.put("cents", plan.cents());
        price.put("contract", false);
        price.put("unit", "month");
        node.set("billed_price", price);
        node.putArray("config_vars").add(configVar);
        node.put("created_at", Json.time(createdAt));
        node.put("id", id.toString());
        node.put("name", name);
        ObjectNode planRef = Json.object();
        planRef.put("id", plan.id().toString());
        planRef.put("name", plan.fullName());
        node.set("plan", planRef);
        node.put("provider_id", id.toString());
        node.put("state", "provisioned");
        node.put("updated_at", Json.time(updatedAt));
        node.putNull("web_url");
        return node;
    }
}
