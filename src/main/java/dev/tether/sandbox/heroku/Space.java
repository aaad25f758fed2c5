package dev.tether.sandbox.heroku;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Private Space, owned by a team; apps created in it may be internally routed. Its
 * {@code generation} ({@code cedar} or {@code fir}, chosen at create) is that of every app in it.
 */
final class Space {

    UUID id = UUID.randomUUID();
    String name;
    final Catalog.Named team;
    final Catalog.Named region;
    final boolean shield;
    final String cidr;
    final Instant createdAt;
    Instant updatedAt;
    String generation = "cedar";

    Space(String name, Catalog.Named team, Catalog.Named region, boolean shield, String cidr, Instant now) {
        this.name = name;
        this.team = team;
        this.region = region;
        this.shield = shield;
        this.cidr = cidr;
        this.createdAt = now;
        this.updatedAt = now;
    }

    ObjectNode toJson() {
        ObjectNode node = Json.object();
        node.put("created_at", Json.time(createdAt));
        node.put("id", id.toString());
        node.put("name", name);
        node.set("organization", team.ref());
        node.set("team", team.ref());
        node.set("region", region.ref());
        node.put("shield", shield);
        node.put("state", "allocated");
        node.put("updated_at", Json.time(updatedAt));
        node.put("cidr", cidr);
        node.put("data_cidr", "10.2.0.0/16");
        ObjectNode generation = Json.object();
        generation.put("id", Catalog.id("generation", this.generation).toString());
        generation.put("name", this.generation);
        node.set("generation", generation);
        return node;
    }

    ObjectNode ref() {
        ObjectNode node = Json.object();
        node.put("id", id.toString());
        node.put("name", name);
        node.put("shield", shield);
        return node;
    }
}
