package dev.tether.sandbox.heroku;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/** A Heroku account the emulator knows by its API token; its id is stable per email. */
record User(UUID id, String email) {

    static User of(String email) {
        return new User(UUID.nameUUIDFromBytes(("user:" + email).getBytes(StandardCharsets.UTF_8)), email);
    }

    ObjectNode ref() {
        ObjectNode node = Json.object();
        node.put("id", id.toString());
        node.put("email", email);
        return node;
    }
}
