package dev.tether.sandbox.heroku;

import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/** One authenticated API request as a handler sees it: path parameters, JSON body, acting user. */
final class ApiCall {

    final String method;
    final Map<String, String> params;
    final JsonNode body;
    final User user;
    private final Function<String, String> headers;

    ApiCall(String method, Map<String, String> params, JsonNode body, User user, Function<String, String> headers) {
        this.method = method;
        this.params = params;
        this.body = body == null ? NullNode.getInstance() : body;
        this.user = user;
        this.headers = headers;
    }

    String param(String name) {
        return params.get(name);
    }

    String header(String name) {
        return headers.apply(name);
    }
}
