package dev.tether.runtime;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Heroku-style {@code DATABASE_URL} ({@code postgres://user:pass@host:port/db}) turned into
 * what JDBC needs. Heroku Postgres requires TLS, so {@code sslmode=require} is used unless the
 * URL names its own {@code sslmode} or points at this machine.
 */
public record DatabaseUrl(String jdbcUrl, String username, String password) {

    public static DatabaseUrl parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new MissingSettingException("DATABASE_URL", "is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("postgres") || scheme.equals("postgresql"))) {
            throw new MissingSettingException("DATABASE_URL", "must start with postgres://");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new MissingSettingException("DATABASE_URL", "must name a host and a database");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 5432;
        String query = uri.getRawQuery();
        boolean local = uri.getHost().equals("localhost") || uri.getHost().startsWith("127.")
                || uri.getHost().equals("[::1]");
        if (query == null || !query.contains("sslmode=")) {
            String ssl = local ? "sslmode=prefer" : "sslmode=require";
            query = query == null ? ssl : query + "&" + ssl;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + "?" + query;
        return new DatabaseUrl(jdbc, user, password);
    }

    @Override
    public String toString() {
        return "DatabaseUrl[" + jdbcUrl + ", user=" + username + "]";
    }
}
