package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The control surface under {@code /__sandbox/} and the optional admin protection. */
class KongSandboxControlTest {

    static KongEmulator kong;
    static KongHttp admin;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
        admin = KongHttp.admin(kong);
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
    }

    @Test
    void countsCallsPerMethodAndPathTemplate() {
        admin.post("/services", "{\"name\":\"a\",\"host\":\"a.test\"}");
        admin.get("/services/a");
        admin.get("/services/b");
        admin.get("/services/a/routes");
        admin.get("/__sandbox/calls");
        JsonNode calls = admin.get("/__sandbox/calls").json();
        assertThat(calls.get("total").asInt()).as("control calls are not counted").isEqualTo(4);
        assertThat(calls.get("rate_limited").asInt()).isZero();
        assertThat(calls.get("calls").toString())
                .contains("{\"method\":\"GET\",\"path\":\"/services/{key}\",\"count\":2}")
                .contains("{\"method\":\"POST\",\"path\":\"/services\",\"count\":1}")
                .contains("{\"method\":\"GET\",\"path\":\"/services/{key}/routes\",\"count\":1}");
        assertThat(admin.delete("/__sandbox/calls").status()).isEqualTo(204);
        assertThat(admin.get("/__sandbox/calls").json().get("total").asInt()).isZero();
    }

    @Test
    void injectsErrorsAndA429BurstUntilCleared() {
        KongHttp.Res set = admin.put("/__sandbox/faults", "{\"error_rate\":1.0,\"error_statuses\":[502]}");
        assertThat(set.json().get("error_rate").asDouble()).isEqualTo(1.0);
        assertThat(admin.get("/services").status()).isEqualTo(502);
        assertThat(admin.delete("/__sandbox/faults").status()).isEqualTo(204);
        assertThat(admin.get("/services").status()).isEqualTo(200);

        admin.put("/__sandbox/faults", "{\"rate_limit_burst\":2,\"retry_after_seconds\":3}");
        KongHttp.Res limited = admin.get("/services");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("3");
        assertThat(admin.get("/__sandbox/faults").json().get("rate_limit_burst").asInt()).isEqualTo(1);
        assertThat(admin.get("/services").status()).isEqualTo(429);
        assertThat(admin.get("/services").status()).isEqualTo(200);
        assertThat(admin.get("/__sandbox/calls").json().get("rate_limited").asInt()).isEqualTo(2);
    }

    @Test
    void a429AmongTheErrorStatusesCarriesRetryAfterAndEveryFaultDealtIsCounted() {
        admin.put("/__sandbox/faults", "{\"error_rate\":1.0,\"error_statuses\":[429],\"retry_after_seconds\":2}");
        KongHttp.Res limited = admin.get("/services");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).isEqualTo("2");
        assertThat(admin.get("/__sandbox/faults").json().at("/injected/status_429").asInt()).isEqualTo(1);
    }

    @Test
    void aTimeoutHangsPastTheClientsReadTimeoutAndIsNeverCarriedOut() throws Exception {
        admin.put("/__sandbox/faults", "{\"timeout_rate\":1.0,\"timeout_ms\":1500}");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest create = java.net.http.HttpRequest.newBuilder(java.net.URI.create(kong.adminUrl() + "/services"))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"name\":\"slow\",\"host\":\"slow.test\"}")).build();
        var answer = http.sendAsync(create, java.net.http.HttpResponse.BodyHandlers.ofString());

        // a client reading with a 500 ms timeout gives up: no answer comes in that time
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> answer.get(500, java.util.concurrent.TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        // the hang ends with the connection closed mid-answer, never with an answer
        await().atMost(java.time.Duration.ofSeconds(30)).until(answer::isDone);
        assertThat(answer).isCompletedExceptionally();
        assertThat(kong.find("services", "slow")).as("a call that timed out was not carried out").isEmpty();
        assertThat(admin.get("/__sandbox/faults").json().at("/injected/timeout").asInt()).isEqualTo(1);
        admin.delete("/__sandbox/faults");
    }

    @Test
    void refusesAFaultFieldItDoesNotKnowInsteadOfSilentlyDoingNothing() {
        KongHttp.Res misspelt = admin.put("/__sandbox/faults", "{\"errorRate\":0.4}");

        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.body()).contains("errorRate").contains("error_rate");
        assertThat(admin.get("/__sandbox/faults").json().get("error_rate").asDouble()).isZero();
    }

    @Test
    void faultsLeaveTheControlSurfaceAndTheProxyAlone() {
        admin.put("/__sandbox/faults", "{\"error_rate\":1.0}");
        assertThat(admin.get("/__sandbox/faults").status()).isEqualTo(200);
        assertThat(KongHttp.proxy(kong).get("/nothing").status()).isEqualTo(404);
    }

    @Test
    void protectedAdminApiNeedsTheApikeyHeader() {
        try (KongEmulator guarded = KongEmulator.start(0, 0, "s3cret-admin")) {
            KongHttp anonymous = KongHttp.admin(guarded);
            KongHttp.Res none = anonymous.get("/services");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.json().get("message").asString()).isEqualTo("No API key found in request");
            assertThat(none.json().get("request_id").asString()).hasSize(32);
            assertThat(none.header("WWW-Authenticate")).isEqualTo("Key realm=\"kong\"");
            KongHttp.Res wrong = anonymous.get("/services", "apikey", "guess");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.json().get("message").asString()).isEqualTo("Unauthorized");
            assertThat(anonymous.get("/services", "apikey", "s3cret-admin").status()).isEqualTo(200);
            assertThat(anonymous.get("/services", "Kong-Admin-Token", "s3cret-admin").status()).isEqualTo(200);
            assertThat(anonymous.get("/__sandbox/calls").status()).as("the control surface stays open").isEqualTo(200);
        }
    }

    @Test
    void stateSurvivesUntilResetAndIsReadableWithoutHttp() {
        admin.post("/consumers", "{\"username\":\"bob\"}");
        assertThat(kong.find("consumers", "bob")).isPresent();
        assertThat(kong.counts()).containsEntry("consumers", 1);
        kong.reset();
        assertThat(kong.list("consumers")).isEmpty();
    }

    @Test
    void faultsCanBeInjectedFromJavaToo() {
        kong.injectFaults(new KongEmulator.Faults(java.time.Duration.ofMillis(5), 0, java.util.List.of(500), 0, 1,
                java.time.Duration.ofSeconds(4)));
        JsonNode f = admin.get("/__sandbox/faults").json();
        assertThat(f.get("latency_ms").asInt()).isEqualTo(5);
        assertThat(f.get("rate_limit_burst").asInt()).isEqualTo(1);
        assertThat(admin.get("/services").header("Retry-After")).isEqualTo("4");
        kong.injectFaults(KongEmulator.Faults.none());
        assertThat(admin.get("/services").status()).isEqualTo(200);
    }
}
