package dev.tether.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.TetherApi.Response;
import dev.tether.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code driftPolicy.mode: approve} on an ApiKey and a KongConsumer (DESIGN §2c), as on a
 * HerokuApp ({@code ProposalIT}): drift becomes a proposal, nothing changes until a person
 * approves it, the approved revert is carried out and attributed to them; a rejected one changes
 * nothing and the next drift is proposed again. A key's value never appears in a proposal.
 */
class ProposalKindsIT extends GatewayTestBase {

    @Autowired
    SecretStore secrets;

    @Test
    void apiKeyTargetOverwrittenByHandIsProposedMaskedAndRevertedOnlyOnceApproved() {
        applyKey("pk-ok");
        String key = secrets.get("ApiKey", "pk-ok", "current").orElseThrow();
        dashboard.setConfigVar("pk-ok-app", "INTERNAL_API_KEY", "chosen-by-hand-4711");

        JsonNode proposal = awaitOpenProposal("ApiKey", "pk-ok", p -> true);
        assertThat(proposal.at("/actions/0/path").asString()).isEqualTo("targets.pk-ok-app.INTERNAL_API_KEY");
        assertThat(proposal.path("driftActor").asString()).isEqualTo("dashboard@example.com");
        assertThat(proposal.toString()).as("from/to are masked: neither the key nor the hand-set value")
                .doesNotContain(key).doesNotContain("chosen-by-hand-4711");
        long id = proposal.path("id").asLong();
        assertThat(event("ApiKey", "pk-ok", "ProposalCreated").path("message").asString()).contains("#" + id)
                .contains("targets.pk-ok-app.INTERNAL_API_KEY").doesNotContain(key).doesNotContain("chosen-by-hand-4711");

        awaitTwoMorePasses("ApiKey", "pk-ok");
        assertThat(heroku.app("pk-ok-app").orElseThrow().config()).as("nothing changed until approved")
                .containsEntry("INTERNAL_API_KEY", "chosen-by-hand-4711");
        assertThat(openProposals("ApiKey", "pk-ok")).as("the same drift is proposed once").hasSize(1);

        Response approved = api.post("/api/v1/proposals/" + id + "/approve", "application/json", "{\"by\":\"alice\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> key.equals(heroku.app("pk-ok-app").orElseThrow().config().get("INTERNAL_API_KEY")));
        await().atMost(CONVERGE).until(() -> "applied".equals(api.get("/api/v1/proposals/" + id).json().path("state").asString()));
        JsonNode applied = event("ApiKey", "pk-ok", "ProposalApplied");
        assertThat(applied.path("actor").asString()).isEqualTo("api:alice");
        assertThat(applied.path("message").asString()).contains("#" + id).contains("targets.pk-ok-app.INTERNAL_API_KEY");
        assertThat(api.get("/api/v1/resources/ApiKey/pk-ok/events?limit=500").body()).as("no event shows a value")
                .doesNotContain(key).doesNotContain("chosen-by-hand-4711");
    }

    @Test
    void apiKeyRejectedProposalChangesNothingAndTheNextDriftIsProposedAgain() {
        applyKey("pk-no");
        dashboard.setConfigVar("pk-no-app", "INTERNAL_API_KEY", "first-by-hand");
        long first = awaitOpenProposal("ApiKey", "pk-no", p -> true).path("id").asLong();
        Response rejected = api.post("/api/v1/proposals/" + first + "/reject", "application/json", "{\"by\":\"bob\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);

        awaitTwoMorePasses("ApiKey", "pk-no");
        assertThat(heroku.app("pk-no-app").orElseThrow().config()).containsEntry("INTERNAL_API_KEY", "first-by-hand");
        assertThat(openProposals("ApiKey", "pk-no")).as("a rejected drift is not proposed again").isEmpty();

        // the masked from/to read the same as before: the new value alone makes it a new drift
        dashboard.setConfigVar("pk-no-app", "INTERNAL_API_KEY", "second-by-hand");
        long next = awaitOpenProposal("ApiKey", "pk-no", p -> true).path("id").asLong();
        assertThat(next).isNotEqualTo(first);
        assertThat(heroku.app("pk-no-app").orElseThrow().config()).containsEntry("INTERNAL_API_KEY", "second-by-hand");
    }

    @Test
    void consumerEditedByHandIsProposedAndRevertedOnlyOnceApproved() {
        applyConsumer("pc-ok");
        assertThat(admin("PATCH", "/consumers/pc-ok", "{\"custom_id\":\"edited-by-hand\"}").statusCode()).isEqualTo(200);
        assertThat(admin("DELETE", "/consumers/pc-ok/acls/beta", null).statusCode()).isEqualTo(204);

        JsonNode proposal = awaitOpenProposal("KongConsumer", "pc-ok", p -> p.path("actions").size() == 2);
        List<String> paths = new ArrayList<>();
        proposal.path("actions").forEach(a -> paths.add(a.path("path").asString() + ": " + a.path("from").asString()
                + " -> " + a.path("to").asString()));
        assertThat(paths).containsExactlyInAnyOrder("customId: edited-by-hand -> pc-ok-id", "acls.beta: missing -> present");
        long id = proposal.path("id").asLong();

        awaitTwoMorePasses("KongConsumer", "pc-ok");
        assertThat(consumer("pc-ok").path("custom_id").asString()).as("nothing changed until approved").isEqualTo("edited-by-hand");
        assertThat(groups("pc-ok")).containsExactly("partners");

        Response approved = api.post("/api/v1/proposals/" + id + "/approve", "application/json", "{\"by\":\"alice\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> "pc-ok-id".equals(consumer("pc-ok").path("custom_id").asString())
                && groups("pc-ok").equals(List.of("beta", "partners")));
        await().atMost(CONVERGE).until(() -> "applied".equals(api.get("/api/v1/proposals/" + id).json().path("state").asString()));
        JsonNode applied = event("KongConsumer", "pc-ok", "ProposalApplied");
        assertThat(applied.path("actor").asString()).isEqualTo("api:alice");
        assertThat(applied.path("message").asString()).contains("#" + id).contains("customId").contains("acls.beta");
    }

    @Test
    void consumerRejectedProposalChangesNothingAndTheNextDriftIsProposedAgain() {
        applyConsumer("pc-no");
        admin("PATCH", "/consumers/pc-no", "{\"custom_id\":\"first-edit\"}");
        long first = awaitOpenProposal("KongConsumer", "pc-no", p -> "first-edit".equals(p.at("/actions/0/from").asString()))
                .path("id").asLong();
        assertThat(api.post("/api/v1/proposals/" + first + "/reject", "application/json", "{\"by\":\"bob\"}").status()).isEqualTo(200);

        awaitTwoMorePasses("KongConsumer", "pc-no");
        assertThat(consumer("pc-no").path("custom_id").asString()).isEqualTo("first-edit");
        assertThat(openProposals("KongConsumer", "pc-no")).as("a rejected drift is not proposed again").isEmpty();
        assertThat(event("KongConsumer", "pc-no", "ProposalRejected").path("actor").asString()).isEqualTo("api:bob");

        admin("PATCH", "/consumers/pc-no", "{\"custom_id\":\"second-edit\"}");
        long next = awaitOpenProposal("KongConsumer", "pc-no", p -> "second-edit".equals(p.at("/actions/0/from").asString()))
                .path("id").asLong();
        assertThat(next).isNotEqualTo(first);
        assertThat(api.get("/api/v1/proposals/" + first).json().path("state").asString()).isEqualTo("rejected");
        assertThat(consumer("pc-no").path("custom_id").asString()).isEqualTo("second-edit");
    }

    private void applyKey(String name) {
        apply("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %1$s-app}
                spec: {}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: %1$s}
                spec:
                  targets: [{app: %1$s-app}]
                  driftPolicy: {mode: approve}
                """.formatted(name));
        awaitCondition("ApiKey", name, "Ready", "True");
    }

    private void applyConsumer(String name) {
        apply("""
                apiVersion: tether.dev/v1
                kind: KongConsumer
                metadata: {name: %1$s}
                spec:
                  customId: %1$s-id
                  acls: [partners, beta]
                  driftPolicy: {mode: approve}
                """.formatted(name));
        awaitCondition("KongConsumer", name, "Ready", "True");
    }

    private JsonNode consumer(String name) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(admin("GET", "/consumers/" + name, null).body());
    }

    private List<String> groups(String consumer) {
        List<String> out = new ArrayList<>();
        tools.jackson.databind.json.JsonMapper.builder().build().readTree(admin("GET", "/consumers/" + consumer + "/acls", null).body())
                .path("data").forEach(a -> out.add(a.path("group").asString()));
        return out.stream().sorted().toList();
    }

    private List<JsonNode> openProposals(String kind, String name) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/v1/proposals?kind=" + kind + "&name=" + name + "&state=open").json().path("items").forEach(items::add);
        return items;
    }

    private JsonNode awaitOpenProposal(String kind, String name, Predicate<JsonNode> which) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(CONVERGE).until(() -> {
            for (JsonNode p : openProposals(kind, name)) {
                if (which.test(p)) {
                    found[0] = p;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void awaitTwoMorePasses(String kind, String name) {
        for (int pass = 0; pass < 2; pass++) {
            String before = resource(kind, name).at("/status/lastReconciledAt").asString();
            await().atMost(CONVERGE).until(() -> !resource(kind, name).at("/status/lastReconciledAt").asString().equals(before));
        }
    }

    private JsonNode event(String kind, String name, String reason) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(CONVERGE).until(() -> {
            for (JsonNode e : events(kind, name)) {
                if (e.path("reason").asString().equals(reason)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }
}
