package dev.tether.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Serves the OpenAPI 3.1 document of Tether's own REST API at {@code /api/v1/openapi.json}. The
 * document is written by hand in {@code openapi/tether-api.yaml} (precise schemas, the error
 * bodies) and a test keeps it and the controllers' mappings equal in both directions.
 */
@RestController
class OpenApiController {

    /** Where the document lives on the classpath. */
    static final String DOCUMENT = "openapi/tether-api.yaml";

    private final JsonNode document;

    OpenApiController() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            this.document = YAMLMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    JsonNode openApi() {
        return document;
    }
}
