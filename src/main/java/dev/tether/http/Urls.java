package dev.tether.http;

import java.net.URI;
import java.util.Objects;

/** Comparing the URLs Heroku and Kong hand back, which spell the same place in several ways. */
public final class Urls {

    private Urls() {
    }

    /** The same place: scheme, host, port (defaults filled in) and path without a trailing slash; null is no place. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        URI x = URI.create(a);
        URI y = URI.create(b);
        return Objects.equals(x.getScheme(), y.getScheme()) && Objects.equals(x.getHost(), y.getHost())
                && port(x) == port(y) && trim(x.getPath()).equals(trim(y.getPath()));
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static String trim(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }
}
