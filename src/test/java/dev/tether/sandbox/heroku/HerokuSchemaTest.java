package dev.tether.sandbox.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The schema judge itself: it must be able to say no, or every "validated" test proves nothing. */
class HerokuSchemaTest {

    private final HerokuSchema schema = HerokuSchema.get();

    @Test
    void rejectsAnAppWhoseFieldsHaveTheWrongTypes() {
        RecordedExchange exchange = new RecordedExchange("GET", "/apps/some-app", "/apps/{app}", 200, "application/json",
                "{\"id\":\"not-a-uuid\",\"name\":\"some-app\",\"maintenance\":\"yes\",\"created_at\":\"yesterday\"}");

        assertThat(schema.violations(exchange)).anySatisfy(v -> assertThat(v).contains("maintenance"))
                .anySatisfy(v -> assertThat(v).contains("created_at"));
    }

    @Test
    void rejectsAResourceWithAMissingOrAnInventedField() {
        try (HerokuEmulator emulator = HerokuEmulator.start(0)) {
            java.util.List<RecordedExchange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            emulator.addExchangeListener(seen::add);
            new PlatformApi(emulator.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).post("/apps", "{\"name\":\"strict-app\"}");
            RecordedExchange real = seen.getFirst();
            String invented = real.body().replaceFirst("\\{", "{\"colour\":\"blue\",");
            String missing = real.body().replaceFirst("\"maintenance\":false,", "");

            assertThat(schema.violations(withBody(real, invented))).anySatisfy(v -> assertThat(v).contains("colour"));
            assertThat(schema.violations(withBody(real, missing))).anySatisfy(v -> assertThat(v).contains("maintenance"));
        }
    }

    private static RecordedExchange withBody(RecordedExchange e, String body) {
        return new RecordedExchange(e.method(), e.path(), e.template(), e.status(), e.contentType(), body);
    }

    @Test
    void rejectsAConfigVarMapWithANonStringValue() {
        RecordedExchange exchange = new RecordedExchange("GET", "/apps/a/config-vars", "/apps/{app}/config-vars", 200,
                "application/json", "{\"FOO\":1}");

        assertThat(schema.violations(exchange)).isNotEmpty();
    }

    @Test
    void rejectsAnEndpointHerokuDoesNotHave() {
        RecordedExchange exchange = new RecordedExchange("GET", "/apps/a/secrets", null, 200, "application/json", "{}");

        assertThat(schema.violations(exchange)).singleElement().asString().contains("no link in Heroku's schema");
    }

    @Test
    void rejectsAnErrorWithoutHerokusIdAndMessage() {
        RecordedExchange exchange = new RecordedExchange("GET", "/apps/a", "/apps/{app}", 404, "application/json",
                "{\"error\":\"not found\"}");

        assertThat(schema.violations(exchange)).isNotEmpty();
    }

    @Test
    void acceptsAnAnswerTheEmulatorGives() {
        try (HerokuEmulator emulator = HerokuEmulator.start(0)) {
            java.util.List<RecordedExchange> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            emulator.addExchangeListener(seen::add);
            new PlatformApi(emulator.baseUrl(), HerokuEmulator.DASHBOARD_TOKEN).post("/apps", "{\"name\":\"judged-app\"}");

            assertThat(seen).singleElement().satisfies(e -> assertThat(schema.violations(e)).isEmpty());
        }
    }
}
