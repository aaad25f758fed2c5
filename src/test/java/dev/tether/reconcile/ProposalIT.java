package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code driftPolicy.mode: approve} (DESIGN §2c) against the sandbox: drift becomes a proposal,
 * nothing changes until a person approves it, the approved revert is carried out and attributed
 * to them; a rejected one changes nothing and the next drift is proposed again.
 */
class ProposalIT extends SandboxTestBase {

    @Test
    void driftIsProposedAndRevertedOnlyOnceApprovedAttributedToTheApprover() {
        applyApp("prop-ok");
        dashboard.setConfigVar("prop-ok", "MODE", "by-hand");
        JsonNode proposal = awaitOpenProposal("prop-ok", "by-hand");
        assertThat(proposal.at("/actions/0/path").asString()).isEqualTo("configVars.MODE");
        assertThat(proposal.at("/actions/0/to").asString()).isEqualTo("a");
        assertThat(proposal.path("driftActor").asString()).isEqualTo("dashboard@example.com");
        assertThat(proposal.hasNonNull("driftAt")).isTrue();
        // the proposal is stored during the pass, its event with the pass's status at the end
        assertThat(event("prop-ok", "ProposalCreated").path("message").asString()).contains("#" + proposal.path("id").asLong())
                .contains("configVars.MODE");

        awaitTwoMorePasses("prop-ok");
        assertThat(heroku.app("prop-ok").orElseThrow().config()).as("nothing changed until approved")
                .containsEntry("MODE", "by-hand");
        assertThat(openProposals("prop-ok")).as("the same drift is proposed once").hasSize(1);

        long id = proposal.path("id").asLong();
        Response approved = api.post("/api/v1/proposals/" + id + "/approve", "application/json", "{\"by\":\"alice\"}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("decidedBy").asString()).isEqualTo("api:alice");
        await().atMost(CONVERGE).until(() -> "a".equals(heroku.app("prop-ok").orElseThrow().config().get("MODE")));
        await().atMost(CONVERGE).until(() -> "applied".equals(api.get("/api/v1/proposals/" + id).json().path("state").asString()));
        JsonNode applied = event("prop-ok", "ProposalApplied");
        assertThat(applied.path("actor").asString()).isEqualTo("api:alice");
        assertThat(applied.path("message").asString()).contains("#" + id).contains("configVars.MODE");
        assertThat(event("prop-ok", "ProposalApproved").path("actor").asString()).isEqualTo("api:alice");

        Response again = api.post("/api/v1/proposals/" + id + "/approve", "application/json", "{}");
        assertThat(again.status()).as("a carried-out proposal cannot be decided again").isEqualTo(409);
    }

    @Test
    void rejectedProposalChangesNothingAndTheNextDriftIsProposedAgain() {
        applyApp("prop-no");
        dashboard.setConfigVar("prop-no", "MODE", "first");
        long first = awaitOpenProposal("prop-no", "first").path("id").asLong();
        Response rejected = api.post("/api/v1/proposals/" + first + "/reject", "application/json", "{\"by\":\"bob\"}");
        assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
        assertThat(rejected.json().path("state").asString()).isEqualTo("rejected");

        awaitTwoMorePasses("prop-no");
        assertThat(heroku.app("prop-no").orElseThrow().config()).containsEntry("MODE", "first");
        assertThat(openProposals("prop-no")).as("a rejected drift is not proposed again").isEmpty();
        assertThat(event("prop-no", "ProposalRejected").path("actor").asString()).isEqualTo("api:bob");

        dashboard.setConfigVar("prop-no", "MODE", "second");
        long next = awaitOpenProposal("prop-no", "second").path("id").asLong();
        assertThat(next).isNotEqualTo(first);
        assertThat(heroku.app("prop-no").orElseThrow().config()).containsEntry("MODE", "second");
    }

    @Test
    void proposalLapsesWhenTheWorldMovesOn() {
        applyApp("prop-lapse");
        dashboard.setConfigVar("prop-lapse", "MODE", "one");
        long first = awaitOpenProposal("prop-lapse", "one").path("id").asLong();
        dashboard.setConfigVar("prop-lapse", "MODE", "two");
        awaitOpenProposal("prop-lapse", "two");
        assertThat(api.get("/api/v1/proposals/" + first).json().path("state").asString()).isEqualTo("lapsed");
        Response late = api.post("/api/v1/proposals/" + first + "/approve", "application/json", "{}");
        assertThat(late.status()).as("a lapsed proposal cannot be approved").isEqualTo(409);
        assertThat(heroku.app("prop-lapse").orElseThrow().config()).containsEntry("MODE", "two");
    }

    @Test
    void theCliListsApprovesAndRefusesToDecideTwice() {
        applyApp("prop-cli");
        dashboard.setConfigVar("prop-cli", "MODE", "cli-hand");
        long id = awaitOpenProposal("prop-cli", "cli-hand").path("id").asLong();

        String[] listed = tether("proposals");
        assertThat(listed[0]).isEqualTo("0");
        assertThat(listed[1]).contains("herokuapp/prop-cli").contains("configVars.MODE: \"cli-hand\" -> \"a\"")
                .contains("dashboard@example.com");
        String[] approved = tether("approve", String.valueOf(id), "--as", "carol");
        assertThat(approved[0]).as(approved[1] + approved[2]).isEqualTo("0");
        assertThat(approved[1]).contains("proposal " + id + " for herokuapp/prop-cli approved by api:carol");
        await().atMost(CONVERGE).until(() -> "a".equals(heroku.app("prop-cli").orElseThrow().config().get("MODE")));
        String[] twice = tether("reject", String.valueOf(id));
        assertThat(twice[0]).isEqualTo("1");
        assertThat(twice[2]).contains("not open");
    }

    /** exit code, stdout, stderr of one {@code tether} command. */
    private String[] tether(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.tether.cli.TetherCli.run(args, new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8),
                java.util.Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", dev.tether.TetherTestSupport.API_TOKEN),
                false);
        return new String[] {String.valueOf(code), out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8)};
    }

    private void applyApp(String name) {
        Response r = api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: %s}
                spec:
                  configVars: {MODE: a}
                  driftPolicy: {mode: approve}
                """.formatted(name));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(CONVERGE).until(() -> "True".equals(condition(name, "Ready"))
                && heroku.app(name).map(a -> "a".equals(a.config().get("MODE"))).orElse(false));
    }

    private String condition(String name, String type) {
        for (JsonNode c : api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/conditions")) {
            if (c.path("type").asString().equals(type)) {
                return c.path("status").asString();
            }
        }
        return null;
    }

    private List<JsonNode> openProposals(String name) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/api/v1/proposals?kind=HerokuApp&name=" + name + "&state=open").json().path("items").forEach(items::add);
        return items;
    }

    private JsonNode awaitOpenProposal(String name, String from) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(CONVERGE).until(() -> {
            for (JsonNode p : openProposals(name)) {
                if (from.equals(p.at("/actions/0/from").asString())) {
                    found[0] = p;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private void awaitTwoMorePasses(String name) {
        for (int pass = 0; pass < 2; pass++) {
            String before = api.get("/api/v1/resources/HerokuApp/" + name).json().at("/status/lastReconciledAt").asString();
            await().atMost(CONVERGE).until(() -> !api.get("/api/v1/resources/HerokuApp/" + name).json()
                    .at("/status/lastReconciledAt").asString().equals(before));
        }
    }

    private JsonNode event(String name, String reason) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(CONVERGE).until(() -> {
            for (JsonNode e : api.get("/api/v1/resources/HerokuApp/" + name + "/events").json().path("items")) {
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
