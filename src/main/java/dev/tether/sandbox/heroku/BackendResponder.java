package dev.tether.sandbox.heroku;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a sandbox app's backend answers, the way a real backend behind the gateway would:
 * 503 while the app has no web dyno or is in maintenance, 401 unless {@code X-Internal-API-Key}
 * is one of the comma-separated values of the app's {@code INTERNAL_API_KEY} config var (a
 * check the control surface can switch off), else 200 with a JSON body naming the app.
 */
final class BackendResponder {

    /** Status and JSON body of one backend response. */
    record Answer(int status, ObjectNode body) {
    }

    private final HerokuState state;

    BackendResponder(HerokuState state) {
        this.state = state;
    }

    Answer answer(UUID appId, HttpServletRequest request) {
        synchronized (state) {
            App app = state.apps.get(appId);
            if (app == null) {
                return new Answer(404, message("no_such_app", "There is no app here."));
            }
            if (app.maintenance) {
                return new Answer(503, message("maintenance", app.name + " is in maintenance mode."));
            }
            if (app.webQuantity() < 1) {
                return new Answer(503, message("no_web_dynos", app.name + " has no web dynos running."));
            }
            if (app.backendKeyCheck && !keyAccepted(app, request.getHeader("X-Internal-API-Key"))) {
                return new Answer(401, message("unauthorized", "Missing or wrong X-Internal-API-Key."));
            }
            ObjectNode body = Json.object();
            body.put("app", app.name);
            body.put("app_id", app.id.toString());
            body.put("method", request.getMethod());
            body.put("path", request.getRequestURI());
            body.put("secured", app.backendKeyCheck);
            return new Answer(200, body);
        }
    }

    private static boolean keyAccepted(App app, String presented) {
        String configured = app.config.get("INTERNAL_API_KEY");
        if (presented == null || configured == null) {
            return false;
        }
        return Arrays.stream(configured.split(",")).map(String::strip)
                .anyMatch(k -> !k.isEmpty() && java.security.MessageDigest.isEqual(k.getBytes(), presented.getBytes()));
    }

    private static ObjectNode message(String id, String message) {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("message", message);
        return body;
    }
}
