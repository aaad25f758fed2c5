package dev.tether.sandbox.heroku;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The sandbox's own endpoints under {@code /__sandbox/} (DESIGN §6), unauthenticated, free of
 * the rate budget and not counted as calls:
 * <ul>
 *   <li>{@code GET|PUT|DELETE /__sandbox/faults}: injected latency, errors, resets, 429 bursts;</li>
 *   <li>{@code GET|DELETE /__sandbox/calls}: call counts per method and path template;</li>
 *   <li>{@code GET|PUT|DELETE /__sandbox/rate-limit}: set an account's remaining budget, and
 *       whether a 304 costs a token; {@code DELETE} refills every budget;</li>
 *   <li>{@code GET|PUT /__sandbox/apps/{app}/backend}: the app's backend, and switching its
 *       {@code X-Internal-API-Key} check off ({@code {"key_check": false}}).</li>
 * </ul>
 */
final class ControlSurface {

    /** Status and JSON body of one control answer. */
    record Answer(int status, JsonNode body) {
    }

    private static final Pattern BACKEND = Pattern.compile("^/__sandbox/apps/([^/]+)/backend$");

    private final HerokuState state;
    private final Faults faults;
    private final CallLog calls;
    private final RateLimiter limiter;
    private EmulatorServlet servlet;

    ControlSurface(HerokuState state, Faults faults, CallLog calls, RateLimiter limiter) {
        this.state = state;
        this.faults = faults;
        this.calls = calls;
        this.limiter = limiter;
    }

    void attach(EmulatorServlet servlet) {
        this.servlet = servlet;
    }

    Answer handle(String method, String path, byte[] raw) {
        try {
            JsonNode body = raw.length == 0 ? Json.object() : Json.MAPPER.readTree(raw);
            return route(method, path, body);
        } catch (JacksonException e) {
            return error(400, "bad_request", "Invalid JSON in request body.");
        } catch (IllegalArgumentException e) {
            return error(422, "invalid_params", e.getMessage());
        } catch (ApiError e) {
            return new Answer(e.status, e.body());
        }
    }

    private Answer route(String method, String path, JsonNode body) {
        switch (method + " " + path) {
            case "GET /__sandbox/faults" -> {
                return new Answer(200, faults.toJson());
            }
            case "PUT /__sandbox/faults" -> {
                requireKnown(body, Faults.FIELDS);
                faults.update(body);
                return new Answer(200, faults.toJson());
            }
            case "DELETE /__sandbox/faults" -> {
                faults.clear();
                return new Answer(200, faults.toJson());
            }
            case "GET /__sandbox/calls" -> {
                return new Answer(200, calls.toJson());
            }
            case "DELETE /__sandbox/calls" -> {
                calls.clear();
                return new Answer(200, calls.toJson());
            }
            case "GET /__sandbox/rate-limit" -> {
                return new Answer(200, rateLimitJson());
            }
            case "DELETE /__sandbox/rate-limit" -> {
                limiter.reset();
                servlet.notModifiedCostsToken = true;
                return new Answer(200, rateLimitJson());
            }
            case "PUT /__sandbox/rate-limit" -> {
                requireKnown(body, java.util.List.of("account", "remaining", "not_modified_costs"));
                String account = Json.text(body, "account");
                if (body.has("remaining")) {
                    if (account == null) {
                        throw new IllegalArgumentException("account (an email such as dashboard@example.com) is required with remaining");
                    }
                    limiter.set(account, body.get("remaining").asInt());
                }
                if (body.has("not_modified_costs")) {
                    servlet.notModifiedCostsToken = body.get("not_modified_costs").asBoolean();
                }
                return new Answer(200, rateLimitJson());
            }
            default -> {
                Matcher m = BACKEND.matcher(path);
                if (m.matches()) {
                    return backend(method, m.group(1), body);
                }
                return error(404, "not_found", "No sandbox control endpoint " + method + " " + path + ".");
            }
        }
    }

    private Answer backend(String method, String appId, JsonNode body) {
        synchronized (state) {
            App app = state.app(appId);
            if ("PUT".equals(method)) {
                requireKnown(body, java.util.List.of("key_check"));
                if (body.has("key_check")) {
                    app.backendKeyCheck = body.get("key_check").asBoolean();
                }
            } else if (!"GET".equals(method)) {
                return error(405, "method_not_allowed", "Use GET or PUT.");
            }
            ObjectNode node = Json.object();
            node.put("app", app.name);
            node.put("web_url", app.webUrl());
            node.put("running", app.backendPort > 0);
            node.put("key_check", app.backendKeyCheck);
            return new Answer(200, node);
        }
    }

    /**
     * A control body may name only fields the endpoint knows: a misspelt one ({@code errorRate}
     * for {@code error_rate}) is a 400 naming it, never silently nothing.
     */
    static void requireKnown(JsonNode body, java.util.Collection<String> known) {
        if (!body.isObject()) {
            throw new ApiError(400, "bad_request", "The body must be a JSON object.", null);
        }
        java.util.List<String> unknown = body.propertyNames().stream().filter(f -> !known.contains(f)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ApiError(400, "bad_request", "Unknown field" + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown)
                    + "; this endpoint takes " + String.join(", ", known) + ".", null);
        }
    }

    private ObjectNode rateLimitJson() {
        ObjectNode node = Json.object();
        ObjectNode accounts = node.putObject("accounts");
        for (Map.Entry<String, User> e : state.usersByToken.entrySet()) {
            accounts.put(e.getValue().email(), limiter.remaining(e.getValue().email()));
        }
        node.put("not_modified_costs", servlet.notModifiedCostsToken);
        return node;
    }

    private static Answer error(int status, String id, String message) {
        ObjectNode node = Json.object();
        node.put("id", id);
        node.put("message", message);
        return new Answer(status, node);
    }
}
