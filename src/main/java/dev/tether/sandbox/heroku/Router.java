package dev.tether.sandbox.heroku;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and path to a handler by path template ({@code /apps/{app}/config-vars}). The
 * template, not the concrete path, is what {@code /__sandbox/calls} counts by.
 */
final class Router {

    /** Handles one API call; runs while the emulator's state lock is held. */
    @FunctionalInterface
    interface Handler {
        Reply handle(ApiCall call);
    }

    /** A route: method, template, handler, and the fields a {@code Range} header may sort by. */
    record Route(String method, String template, Pattern pattern, List<String> names, Handler handler,
                 List<String> rangeFields) {
    }

    /** A matched route with its decoded path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");

    private final List<Route> routes = new ArrayList<>();

    Router get(String template, Handler handler) {
        return add("GET", template, handler, List.of());
    }

    Router list(String template, List<String> rangeFields, Handler handler) {
        return add("GET", template, handler, rangeFields);
    }

    Router post(String template, Handler handler) {
        return add("POST", template, handler, List.of());
    }

    Router patch(String template, Handler handler) {
        return add("PATCH", template, handler, List.of());
    }

    Router put(String template, Handler handler) {
        return add("PUT", template, handler, List.of());
    }

    Router delete(String template, Handler handler) {
        return add("DELETE", template, handler, List.of());
    }

    private Router add(String method, String template, Handler handler, List<String> rangeFields) {
        Matcher m = PARAM.matcher(template);
        StringBuilder regex = new StringBuilder();
        List<String> names = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        routes.add(new Route(method, template, Pattern.compile(regex.toString()), names, handler, rangeFields));
        return this;
    }

    /** The route for a request, or a 404/405 {@link ApiError}. */
    Match match(String method, String path) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher m = route.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(method)) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < route.names().size(); i++) {
                params.put(route.names().get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
            }
            return new Match(route, params);
        }
        if (pathKnown) {
            throw new ApiError(405, "method_not_allowed", "Method not allowed for " + path + ".", null);
        }
        throw ApiError.notFound(null, "The requested API endpoint was not found. Are you using the right HTTP verb (i.e. `GET` vs. `POST`), and did you specify your intended version with the `Accept` header?");
    }
}
