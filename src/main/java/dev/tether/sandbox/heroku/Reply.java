package dev.tether.sandbox.heroku;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What a handler answers: a status, a JSON body (or a list the servlet pages), extra headers. */
final class Reply {

    final int status;
    final JsonNode body;
    final List<ObjectNode> list;
    final Map<String, String> headers = new LinkedHashMap<>();

    private Reply(int status, JsonNode body, List<ObjectNode> list) {
        this.status = status;
        this.body = body;
        this.list = list;
    }

    static Reply ok(JsonNode body) {
        return new Reply(200, body, null);
    }

    static Reply created(JsonNode body) {
        return new Reply(201, body, null);
    }

    static Reply status(int status, JsonNode body) {
        return new Reply(status, body, null);
    }

    /** A list answered with {@code Range}/{@code Next-Range} paging over the route's range fields. */
    static Reply list(List<ObjectNode> items) {
        return new Reply(200, null, items);
    }

    Reply header(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
