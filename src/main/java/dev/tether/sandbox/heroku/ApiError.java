package dev.tether.sandbox.heroku;

import tools.jackson.databind.node.ObjectNode;

/**
 * A failure answered with Heroku's error body {@code {"id":…,"message":…}} (plus
 * {@code resource} on a 404), thrown by handlers and rendered by the servlet.
 */
final class ApiError extends RuntimeException {

    final int status;
    final String id;
    final String resource;

    ApiError(int status, String id, String message, String resource) {
        super(message);
        this.status = status;
        this.id = id;
        this.resource = resource;
    }

    static ApiError notFound(String resource, String message) {
        return new ApiError(404, "not_found", message, resource);
    }

    static ApiError invalidParams(String message) {
        return new ApiError(422, "invalid_params", message, null);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message, null);
    }

    ObjectNode body() {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("message", getMessage());
        if (resource != null) {
            body.put("resource", resource);
        }
        return body;
    }
}
