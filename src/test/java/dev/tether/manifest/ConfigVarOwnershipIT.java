package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.ApiTestBase;
import dev.tether.TetherApi.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * DESIGN §2: a config var has one owner (the app's own {@code configVars} or one ApiKey target).
 * The two fights of issue 13 (an app declaring {@code INTERNAL_API_KEY} beside an ApiKey
 * targeting it; two ApiKeys on one app and var) are refused at apply with 422, naming both
 * owners, whether they arrive in one request or two, and nothing is stored. Also: dry runs,
 * rollbacks, a resource replaced in the same request, and the document cap (413).
 */
class ConfigVarOwnershipIT extends ApiTestBase {

    private static String app(String name, String... vars) {
        StringBuilder v = new StringBuilder();
        for (String var : vars) {
            v.append("    ").append(var).append(": \"declared\"\n");
        }
        return """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %s}
                spec:
                  configVars:
                    LOG_LEVEL: info
                %s""".formatted(name, v);
    }

    private static String key(String name, String app, String configVar) {
        return """
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %s}
                spec:
                  targets:
                    - app: %s
                %s""".formatted(name, app, configVar == null ? "" : "      configVar: " + configVar + "\n");
    }

    private static String docs(String... docs) {
        return String.join("---\n", docs);
    }

    @Test
    void refusesAnApiKeyTargetingAVarItsAppDeclaresInOneRequest() {
        Response r = api.yaml(docs(app("own-orders-1", "INTERNAL_API_KEY"), key("own-key-1", "own-orders-1", null)));

        assertRefused(r, "ApiKey/own-key-1 spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-1 "
                + "is already owned by HerokuApp/own-orders-1");
        JsonNode problem = r.json().at("/errors/0");
        assertThat(problem.get("document").asInt()).isEqualTo(1);
        assertThat(problem.get("path").asString()).isEqualTo("spec.targets[0]");
        assertNotStored("HerokuApp/own-orders-1", "ApiKey/own-key-1");
    }

    @Test
    void refusesAnApiKeyTargetingAVarAStoredAppDeclares() {
        assertThat(api.yaml(app("own-orders-2", "INTERNAL_API_KEY")).status()).isEqualTo(200);

        Response r = api.yaml(key("own-key-2", "own-orders-2", "INTERNAL_API_KEY"));

        assertRefused(r, "ApiKey/own-key-2 spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-2 "
                + "is already owned by HerokuApp/own-orders-2");
        assertNotStored("ApiKey/own-key-2");
    }

    @Test
    void refusesAnAppDeclaringAVarAStoredApiKeyTargets() {
        assertThat(api.yaml(key("own-key-3", "own-orders-3", null)).status()).isEqualTo(200);

        Response r = api.yaml(app("own-orders-3", "INTERNAL_API_KEY"));

        assertRefused(r, "HerokuApp/own-orders-3 spec.configVars.INTERNAL_API_KEY: configVar INTERNAL_API_KEY on "
                + "HerokuApp/own-orders-3 is already owned by ApiKey/own-key-3");
        assertThat(r.json().at("/errors/0/path").asString()).isEqualTo("spec.configVars.INTERNAL_API_KEY");
        assertNotStored("HerokuApp/own-orders-3");
    }

    @Test
    void refusesTwoApiKeysOnOneAppAndVarInOneRequest() {
        Response r = api.yaml(docs(key("own-key-4a", "own-orders-4", null), key("own-key-4b", "own-orders-4", "INTERNAL_API_KEY")));

        assertRefused(r, "ApiKey/own-key-4b spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-4 "
                + "is already owned by ApiKey/own-key-4a");
        assertNotStored("ApiKey/own-key-4a", "ApiKey/own-key-4b");
    }

    @Test
    void refusesASecondApiKeyOnOneAppAndVarInASecondRequest() {
        assertThat(api.yaml(key("own-key-5a", "own-orders-5", null)).status()).isEqualTo(200);

        Response dry = api.post("/api/v1/manifests?dryRun=true", "application/yaml", key("own-key-5b", "own-orders-5", null));
        Response r = api.yaml(key("own-key-5b", "own-orders-5", null));

        assertRefused(dry, "ApiKey/own-key-5b spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-5 "
                + "is already owned by ApiKey/own-key-5a");
        assertRefused(r, "ApiKey/own-key-5b spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-5 "
                + "is already owned by ApiKey/own-key-5a");
        assertNotStored("ApiKey/own-key-5b");
        assertThat(api.get("/api/v1/resources/ApiKey/own-key-5a").json().at("/metadata/generation").asLong()).isEqualTo(1);
    }

    @Test
    void letsAVarMoveFromOneOwnerToAnotherInOneRequest() {
        assertThat(api.yaml(key("own-key-6a", "own-orders-6", null)).status()).isEqualTo(200);

        // key a moves to another var in the same request that gives INTERNAL_API_KEY to key b
        Response r = api.yaml(docs(key("own-key-6a", "own-orders-6", "OLD_INTERNAL_KEY"), key("own-key-6b", "own-orders-6", null)));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(api.get("/api/v1/resources/ApiKey/own-key-6b").status()).isEqualTo(200);
    }

    @Test
    void refusesARollbackThatWouldTakeBackAVarAnotherResourceNowOwns() {
        assertThat(api.yaml(key("own-key-7a", "own-orders-7", null)).status()).isEqualTo(200);
        assertThat(api.yaml(key("own-key-7a", "own-orders-7", "OTHER_KEY")).status()).isEqualTo(200);
        assertThat(api.yaml(key("own-key-7b", "own-orders-7", null)).status()).isEqualTo(200);

        Response r = api.post("/api/v1/resources/ApiKey/own-key-7a/rollback", "application/json", "{\"generation\":1}");

        assertRefused(r, "ApiKey/own-key-7a spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-orders-7 "
                + "is already owned by ApiKey/own-key-7b");
        JsonNode a = api.get("/api/v1/resources/ApiKey/own-key-7a").json();
        assertThat(a.at("/metadata/generation").asLong()).isEqualTo(2);
        assertThat(a.at("/spec/targets/0/configVar").asString()).isEqualTo("OTHER_KEY");
    }

    @Test
    void findsTheOneConflictAmongAThousandDocuments() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            many.add(app("own-many-" + i));
            many.add(key("own-many-key-" + i, "own-many-" + i, null));
        }
        // the last key takes app 7's var, which key 7 already holds in the same request
        many.set(999, key("own-many-key-499", "own-many-7", null));

        Response r = api.yaml(String.join("---\n", many));

        assertRefused(r, "ApiKey/own-many-key-499 spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/own-many-7 "
                + "is already owned by ApiKey/own-many-key-7");
        assertThat(r.json().get("errors")).hasSize(1);
        assertThat(r.json().at("/errors/0/document").asInt()).isEqualTo(999);
        assertNotStored("HerokuApp/own-many-0", "ApiKey/own-many-key-7", "HerokuApp/own-many-499");
    }

    @Test
    void refusesMoreDocumentsThanTheCapWith413AndStoresNothing() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            body.append(i == 0 ? "" : ",").append("""
                    {"apiVersion":"tether.dev/v1","kind":"ApiKey","metadata":{"name":"own-cap-%d"},"spec":{}}""".formatted(i));
        }
        Response r = api.post("/api/v1/manifests", "application/json", body.append(']').toString());

        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asString()).contains("1,001 documents").contains("at most 1,000")
                .contains("tether.api.max-documents");
        assertNotStored("ApiKey/own-cap-0", "ApiKey/own-cap-1000");
    }

    private static void assertRefused(Response r, String message) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        List<String> messages = new ArrayList<>();
        r.json().get("errors").forEach(e -> messages.add(e.get("message").asString()));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith(message));
    }

    private void assertNotStored(String... keys) {
        for (String key : keys) {
            assertThat(api.get("/api/v1/resources/" + key).status()).as(key).isEqualTo(404);
        }
    }
}
