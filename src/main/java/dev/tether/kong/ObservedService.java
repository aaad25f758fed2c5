package dev.tether.kong;

import java.util.List;

/**
 * A Kong service as Tether sees it: identity plus the fields a {@code KongService} manifest
 * owns. Timeouts, retries, TLS settings and timestamps are left out so Kong's defaults never
 * read as drift.
 */
public record ObservedService(String id, String name, String protocol, String host, int port, String path,
                              List<String> tags) {

    public ObservedService {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The upstream URL in the form a manifest writes it, e.g. {@code http://127.0.0.1:5000/api}. */
    public String url() {
        boolean defaultPort = port == ("https".equals(protocol) ? 443 : 80);
        return protocol + "://" + host + (defaultPort ? "" : ":" + port) + (path == null ? "" : path);
    }
}
