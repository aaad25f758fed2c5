package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The digest {@link KongWatch} compares: the same entities give the same digest however the
 * read ordered them (a write's answer joins a read at its end; Kong's JSON field order is not
 * Kong's state), and any field Tether plans on changes it.
 */
class KongDigestsTest {

    private static final List<String> TAGS = List.of("managed-by-tether", "tether:KongService:shop");
    private static final ObservedService SERVICE = new ObservedService("s-1", "shop", "http", "shop.example.com", 80, null, TAGS);
    private static final ObservedRoute R1 = new ObservedRoute("r-1", "shop-a", "s-1", List.of("/a"), null, null, null, true, false, TAGS);
    private static final ObservedRoute R2 = new ObservedRoute("r-2", "shop-b", "s-1", List.of("/b"), null, null, null, true, false, TAGS);

    private static ObservedPlugin transformer(String key, boolean keyFirst) {
        Map<String, Object> headers = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        if (keyFirst) {
            headers.put("headers", List.of("X-Internal-API-Key:" + key));
            config.put("replace", headers);
            config.put("add", Map.of("headers", List.of("X-Internal-API-Key:" + key)));
        } else {
            config.put("add", Map.of("headers", List.of("X-Internal-API-Key:" + key)));
            headers.put("headers", List.of("X-Internal-API-Key:" + key));
            config.put("replace", headers);
        }
        return new ObservedPlugin("p-1", "request-transformer", "s-1", null, null, true, config, TAGS);
    }

    @Test
    void theSameEntitiesInAnotherOrderHaveTheSameDigest() {
        String a = KongDigests.of(Optional.of(SERVICE), List.of(R1, R2), List.of(transformer("k1", true)));
        String b = KongDigests.of(Optional.of(SERVICE), List.of(R2, R1), List.of(transformer("k1", false)));
        assertThat(a).isEqualTo(b).hasSize(32);
    }

    @Test
    void aChangedPathPluginValueOrMissingEntityChangesTheDigestWithoutShowingTheKey() {
        String base = KongDigests.of(Optional.of(SERVICE), List.of(R1, R2), List.of(transformer("k1", true)));
        ObservedRoute edited = new ObservedRoute("r-2", "shop-b", "s-1", List.of("/by-hand"), null, null, null, true, false, TAGS);
        assertThat(KongDigests.of(Optional.of(SERVICE), List.of(R1, edited), List.of(transformer("k1", true)))).isNotEqualTo(base);
        assertThat(KongDigests.of(Optional.of(SERVICE), List.of(R1, R2), List.of(transformer("k2", true)))).isNotEqualTo(base);
        assertThat(KongDigests.of(Optional.of(SERVICE), List.of(R1), List.of(transformer("k1", true)))).isNotEqualTo(base);
        assertThat(KongDigests.of(Optional.empty(), List.of(R1, R2), List.of(transformer("k1", true)))).isNotEqualTo(base);
        assertThat(base).doesNotContain("k1").matches("[0-9a-f]{32}");
    }

    @Test
    void aServicesDigestInASharedReadIsTakenUnderItsOwnTag() {
        List<String> other = List.of("managed-by-tether", "tether:KongService:other");
        ObservedRoute theirs = new ObservedRoute("r-9", "other-a", "s-9", List.of("/o"), null, null, null, true, false, other);
        OwnedEntities read = new OwnedEntities(Instant.EPOCH, List.of(SERVICE), List.of(R1, theirs, R2), List.of(transformer("k1", true)));
        assertThat(KongDigests.of(read, "shop"))
                .isEqualTo(KongDigests.of(Optional.of(SERVICE), List.of(R1, R2), List.of(transformer("k1", true))));
    }
}
