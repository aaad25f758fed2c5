package dev.tether.sandbox.kong;

import java.net.URI;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/** Kong's {@code services} entity (kong/db/schema/entities/services.lua), with the {@code url} shorthand. */
final class Services implements EntityType {

    static final List<String> PROTOCOLS = List.of("grpc", "grpcs", "http", "https", "tcp", "tls", "tls_passthrough", "udp");
    private static final Set<String> NO_PATH = Set.of("tcp", "tls", "tls_passthrough", "udp", "grpc", "grpcs");
    private static final long MAX_TIMEOUT = 2147483646L;

    static final Services TYPE = new Services();

    private final List<Field> fields = List.of(
            Field.id(),
            Field.timestamp("created_at"),
            Field.timestamp("updated_at"),
            Field.string("name").unique().utf8Name(),
            Field.integer("retries").dflt(5).between(0, 32767),
            Field.string("protocol").required().dflt("http").oneOf(PROTOCOLS.toArray(String[]::new)),
            Field.string("host").required().check(Services::hostError),
            Field.integer("port").required().dflt(80).between(0, 65535),
            Field.string("path").check(Services::pathError),
            Field.integer("connect_timeout").dflt(60000).between(1, MAX_TIMEOUT),
            Field.integer("write_timeout").dflt(60000).between(1, MAX_TIMEOUT),
            Field.integer("read_timeout").dflt(60000).between(1, MAX_TIMEOUT),
            Field.tags(),
            Field.foreign("client_certificate", "certificates"),
            Field.optionalBool("tls_verify"),
            Field.integer("tls_verify_depth").between(0, 64),
            Field.array("ca_certificates"),
            Field.bool("enabled", true));

    private Services() {
    }

    @Override
    public String table() {
        return "services";
    }

    @Override
    public String adminPath() {
        return "services";
    }

    @Override
    public String endpointKey() {
        return "name";
    }

    @Override
    public List<Field> fields() {
        return fields;
    }

    @Override
    public ObjectNode expandShorthands(ObjectNode input, ObjectNode errors) {
        if (!input.has("url")) {
            return input;
        }
        ObjectNode out = input.deepCopy();
        var url = out.remove("url");
        if (url.isNull()) {
            return out;
        }
        if (!url.isString()) {
            errors.put("url", "expected a string");
            return out;
        }
        try {
            URI u = new URI(url.asString());
            if (u.getScheme() == null || u.getHost() == null) {
                errors.put("url", "missing host in url");
                return out;
            }
            String scheme = u.getScheme().toLowerCase();
            out.put("protocol", scheme);
            out.put("host", u.getHost());
            out.put("port", u.getPort() >= 0 ? u.getPort() : scheme.equals("https") ? 443 : 80);
            String path = u.getRawPath();
            if (path == null || path.isEmpty()) {
                out.putNull("path");
            } else {
                out.put("path", path);
            }
        } catch (Exception e) {
            errors.put("url", "invalid url: " + url.asString());
        }
        return out;
    }

    @Override
    public void checkEntity(ObjectNode entity, ObjectNode errors) {
        String protocol = Json.text(entity, "protocol");
        if (protocol != null && NO_PATH.contains(protocol) && !entity.path("path").isNull()) {
            errors.put("path", "value must be null");
            SchemaValidator.entityError(errors, "failed conditional validation given value of field 'protocol'");
        }
        boolean tls = "https".equals(protocol) || "tls".equals(protocol);
        if (!tls) {
            for (String f : List.of("client_certificate", "tls_verify", "tls_verify_depth", "ca_certificates")) {
                if (!entity.path(f).isNull() && !entity.path(f).isMissingNode()) {
                    errors.put(f, "value must be null");
                    SchemaValidator.entityError(errors, "failed conditional validation given value of field 'protocol'");
                }
            }
        }
    }

    static String hostError(String host) {
        if (host.contains(":") && !host.startsWith("[")) {
            return "must not have a port";
        }
        if (!host.matches("[A-Za-z0-9.\\-_\\[\\]:*]+")) {
            return "invalid value: " + host;
        }
        return null;
    }

    static String pathError(String path) {
        if (!path.startsWith("/")) {
            return "should start with: /";
        }
        if (path.contains("//")) {
            return "must not have empty segments";
        }
        return null;
    }
}
