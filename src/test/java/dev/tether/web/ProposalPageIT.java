package dev.tether.web;

import static dev.tether.web.PageClient.form;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherApi.Response;
import dev.tether.TetherTestSupport;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A proposal of {@code driftPolicy.mode: approve} is decided from the resource page: a link to a
 * confirmation page, whose form needs the session's CSRF token; the decision is recorded with the
 * person who made it and the approved revert is carried out.
 */
class ProposalPageIT extends SandboxTestBase {

    @Test
    void approvingFromTheResourcePageNeedsConfirmationAndTheCsrfTokenAndIsRecordedWithThePerson() {
        Response applied = api.yaml("""
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: page-prop}
                spec:
                  configVars: {MODE: a}
                  driftPolicy: {mode: approve}
                """);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        // Ready: the spec is applied, so a change on Heroku from now on is drift (not a spec still being applied)
        await().atMost(CONVERGE).until(() -> heroku.app("page-prop").map(a -> "a".equals(a.config().get("MODE"))).orElse(false)
                && ready("page-prop"));
        dashboard.setConfigVar("page-prop", "MODE", "by-hand");
        await().atMost(CONVERGE).until(() -> !api.get("/api/v1/proposals?kind=HerokuApp&name=page-prop&state=open").json()
                .path("items").isEmpty());
        long id = api.get("/api/v1/proposals?kind=HerokuApp&name=page-prop&state=open").json().at("/items/0/id").asLong();

        PageClient alice = PageClient.basic(port, "alice", TetherTestSupport.API_TOKEN);
        String path = "/resources/HerokuApp/page-prop";
        Document page = alice.doc(path);
        assertThat(page.select("#proposals").text()).contains("#" + id).contains("configVars.MODE").contains("by-hand");
        String confirmHref = page.selectFirst("#approve-" + id).attr("href");
        Document confirm = alice.doc(confirmHref);
        assertThat(confirm.select("#proposal-changes tbody tr td").eachText()).containsExactly("by-hand", "a");
        String csrf = confirm.selectFirst("input[name=_csrf]").val();
        String action = confirm.selectFirst("form.confirm").attr("action");

        assertThat(alice.post(action, form("_csrf", "forged")).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/proposals/" + id).json().path("state").asString()).isEqualTo("open");

        PageClient.Page done = alice.post(action, form("_csrf", csrf));
        assertThat(done.status()).isEqualTo(302);
        assertThat(done.header("Location")).endsWith(path + "?done=approved");
        JsonNode decided = api.get("/api/v1/proposals/" + id).json();
        assertThat(decided.path("decidedBy").asString()).isEqualTo("web:alice");
        await().atMost(CONVERGE).until(() -> "a".equals(heroku.app("page-prop").orElseThrow().config().get("MODE")));
        assertThat(alice.doc(path + "?done=approved").select("#timeline li[data-reason=ProposalApproved] .actor").text())
                .isEqualTo("web:alice");
    }

    private boolean ready(String app) {
        for (JsonNode c : api.get("/api/v1/resources/HerokuApp/" + app).json().at("/status/conditions")) {
            if (c.path("type").asString().equals("Ready")) {
                return c.path("status").asString().equals("True");
            }
        }
        return false;
    }
}
