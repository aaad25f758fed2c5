package dev.tether.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between a kind's {@link External} record and the JSON object stored in
 * {@code status.external}. The mapper is immutable (Jackson 3) and configured here alone: ISO
 * instants (as {@link java.time.Instant#toString()} writes them), absent components left out at
 * every level, unknown stored fields ignored (a row written by a newer or older version still reads).
 */
final class Externals {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private Externals() {
    }

    static <T extends External> T read(Map<String, Object> stored, Class<T> type) {
        return MAPPER.convertValue(stored, type);
    }

    static Map<String, Object> fields(External external) {
        return MAPPER.convertValue(external, FIELDS);
    }
}
