package dev.tether.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.heroku.HerokuAppExternal;
import dev.tether.keys.ApiKeyExternal;
import dev.tether.keys.ApiKeys;
import dev.tether.keys.RotationPhase;
import dev.tether.kong.KongConsumerExternal;
import dev.tether.kong.KongGatewayExternal;
import dev.tether.kong.KongServiceExternal;
import dev.tether.notify.NotifierExternal;
import dev.tether.secrets.SecretExternal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each kind's typed {@code status.external} against rows as they are stored: an existing row
 * reads into the record, and the record writes the same JSON back (same field names, nothing
 * added), so no data migration is needed and the API's {@code status.external} keeps its shape.
 */
class ExternalRecordsTest {

    /** Like the application's mapper: how StatusStore reads and writes a status row (instants as Instant.toString writes them). */
    private final JsonMapper mapper = JsonMapper.builder().build();

    static Stream<Arguments> storedRows() {
        return Stream.of(
                Arguments.of(HerokuAppExternal.class, """
                        {"id": "01234567-89ab-cdef-0123-456789abcdef", "name": "shop-api",
                         "webUrl": "https://shop-api-1a2b.herokuapp.com/", "webhook": true,
                         "creating": {"name": "shop-api", "since": "2026-11-30T10:15:30.123456Z"},
                         "valueFromVersions": {"STRIPE_KEY": "Secret/stripe@3", "API_URL": "https://api.example.com"}}"""),
                Arguments.of(ApiKeyExternal.class, """
                        {"keyVersion": 2, "rotationPhase": "GRACE", "rotatedAt": "2026-11-01T00:00:00Z",
                         "rotateRequestedAt": "2026-11-30T09:00:00Z", "rotationStartedAt": "2026-11-30T09:00:01.500Z",
                         "graceUntil": "2026-11-30T09:10:01.500Z", "targets": {"shop-api/INTERNAL_API_KEY": "v2+v3"},
                         "ownershipConflicts": {"shop-api/INTERNAL_API_KEY": {"reverts": 2, "holdUntil": "2026-11-30T10:00:00Z"},
                                                "web/KEY": {"reverts": 1}},
                         "configReadAt": {"shop-api": "01234567-89ab-cdef-0123-456789abcdef@12"}}"""),
                Arguments.of(KongServiceExternal.class, """
                        {"serviceId": "svc-1", "gateway": "default", "url": "https://shop-api-1a2b.herokuapp.com/",
                         "upstreamApp": "shop-api", "injectedKeyVersion": 3, "probedAt": "2026-11-30T10:00:00Z"}"""),
                Arguments.of(KongConsumerExternal.class, """
                        {"consumerId": "c-1", "username": "partner", "keyAuth": {"primary": "******"}}"""),
                Arguments.of(KongGatewayExternal.class, """
                        {"adminUrl": "http://127.0.0.1:8001", "adminTokenSet": false, "kongVersion": "3.9.0"}"""),
                Arguments.of(SecretExternal.class, """
                        {"keys": ["api-key", "db-password"], "valuesGeneration": 4}"""),
                Arguments.of(NotifierExternal.class, """
                        {"urlEnv": "OPS_WEBHOOK_URL", "urlSet": true, "format": "slack", "events": ["Warning"],
                         "signingKeyFrom": "generated", "pending": 2, "retrying": 1, "lastError": "HTTP 503"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedRows")
    void storedRowReadsIntoTheRecordAndWritesBackTheSameJson(Class<? extends External> type, String external) {
        ResourceStatus stored = read("{\"observedGeneration\": 3, \"external\": " + external + "}");

        External typed = stored.external(type);
        ResourceStatus rewritten = stored.withExternal(typed);

        assertThat(tree(mapper.writeValueAsString(rewritten)).get("external")).isEqualTo(tree(external));
        assertThat(typed.fields().keySet()).containsExactlyInAnyOrderElementsOf(tree(external).propertyNames());
    }

    @Test
    void herokuAppRecordCarriesWhatOtherKindsRead() {
        HerokuAppExternal app = read("""
                {"external": {"id": "app-1", "name": "shop-api", "webUrl": "https://shop-api.herokuapp.com/",
                              "creating": {"name": "shop-api", "since": "2026-11-30T10:15:30Z"}}}""")
                .external(HerokuAppExternal.class);

        assertThat(app.id()).isEqualTo("app-1");
        assertThat(app.webHost()).isEqualTo("shop-api.herokuapp.com");
        assertThat(app.creating()).isEqualTo(new HerokuAppExternal.Creating("shop-api", Instant.parse("2026-11-30T10:15:30Z")));
    }

    @Test
    void createMarkerWrittenAsABareNameStillReads() {
        HerokuAppExternal app = read("{\"external\": {\"creating\": \"shop-api\"}}").external(HerokuAppExternal.class);

        assertThat(app.creating()).isEqualTo(new HerokuAppExternal.Creating("shop-api", null));
        assertThat(app.id()).isNull();
    }

    @Test
    void apiKeyRecordReadsTypedVersionPhaseAndConflicts() {
        ApiKeyExternal key = read("""
                {"external": {"keyVersion": 2, "rotationPhase": "SEND_NEW",
                              "ownershipConflicts": {"shop-api/KEY": {"reverts": 3}}}}""").external(ApiKeyExternal.class);

        assertThat(key.keyVersion()).isEqualTo(2);
        assertThat(key.rotationPhase()).isEqualTo(RotationPhase.SEND_NEW);
        assertThat(key.ownershipConflicts()).containsEntry("shop-api/KEY", new ApiKeyExternal.Conflict(3, null));
    }

    @Test
    void apiKeyReadsTheInjectedVersionAKongServiceRecords() {
        ResourceStatus service = ResourceStatus.pending(Instant.EPOCH)
                .withExternal(new KongServiceExternal("svc-1", "default", null, null, 4, null));

        assertThat(service.external(ApiKeys.Injection.class).injectedKeyVersion()).isEqualTo(4);
        assertThat(service.external()).containsOnlyKeys("serviceId", "gateway", "injectedKeyVersion");
    }

    @Test
    void statusWithoutExternalReadsAsEmptyRecordAndWritesNoFields() {
        ResourceStatus pending = ResourceStatus.pending(Instant.EPOCH);

        HerokuAppExternal app = pending.external(HerokuAppExternal.class);

        assertThat(app).isEqualTo(new HerokuAppExternal(null, null, null, null, null, null, null, null, null, null, null));
        assertThat(pending.withExternal(app).external()).isEmpty();
    }

    @Test
    void aReplacementUnderWayAndTheAppsItRetiredSurviveATypedWrite() {
        ResourceStatus stored = read("""
                {"external": {"id": "app-2", "name": "move-api",
                  "replacement": {"phase": "PROVE", "number": 2, "name": "move-api", "oldId": "app-1",
                    "newName": "move-api-r2", "newId": "app-2", "retiredName": "move-api-old-2",
                    "switchedAt": "2026-11-30T10:15:30Z"},
                  "retiredApps": [{"id": "app-0", "name": "move-api-old-1"}]}}
                """);

        HerokuAppExternal app = stored.external(HerokuAppExternal.class);

        assertThat(app.replacement().newId()).isEqualTo("app-2");
        assertThat(app.retiredApps()).containsExactly(new HerokuAppExternal.RetiredApp("app-0", "move-api-old-1"));
        assertThat(stored.withExternal(app).external()).isEqualTo(stored.external());
    }

    @Test
    void fieldsAnotherVersionWroteAreIgnoredOnRead() {
        KongGatewayExternal gateway = read("{\"external\": {\"adminUrl\": \"http://k:8001\", \"fromTheFuture\": 1}}")
                .external(KongGatewayExternal.class);

        assertThat(gateway).isEqualTo(new KongGatewayExternal("http://k:8001", null, null));
    }

    @Test
    void instantsAreWrittenAsIsoText() {
        Instant at = Instant.parse("2026-11-30T10:15:30.5Z");

        Map<String, Object> fields = new SecretExternal(List.of("a"), 1L).fields();
        Map<String, Object> service = new KongServiceExternal(null, null, null, null, null, at).fields();

        assertThat(fields).containsEntry("keys", List.of("a"));
        assertThat(service).containsExactly(Map.entry("probedAt", "2026-11-30T10:15:30.500Z"));
    }

    private ResourceStatus read(String json) {
        return mapper.readValue(json, ResourceStatus.class);
    }

    private JsonNode tree(String json) {
        return mapper.readTree(json);
    }
}
