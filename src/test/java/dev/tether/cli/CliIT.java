package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tether.SandboxTestBase;
import dev.tether.TetherTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Each {@code tether} command against a running sandbox, over real HTTP, exit codes included. */
class CliIT extends SandboxTestBase {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run tether(String... args) {
        return tetherAs(TetherTestSupport.API_TOKEN, args);
    }

    Run tetherAs(String token, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TetherCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", token), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Path manifest(String file, String name, String spec) throws IOException {
        Path p = dir.resolve(file);
        Files.writeString(p, "apiVersion: tether.dev/v1\nkind: HerokuApp\nmetadata:\n  name: " + name + "\n  labels:\n    team: cli\nspec:\n"
                + dev.tether.TetherTestSupport.withSampleRelease(spec).indent(2));
        return p;
    }

    @Test
    void applyWarnsOfALiteralSecretWithoutRepeatingIt() throws IOException {
        Path file = manifest("literal.yaml", "cli-literal", "configVars:\n  STRIPE_SECRET_KEY: sk_live_cli_31337\n");
        Run r = tether("apply", "-f", file.toString());
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).contains("Warning: herokuapp/cli-literal spec.configVars.STRIPE_SECRET_KEY").contains("Secret")
                .doesNotContain("sk_live_cli_31337");
        assertThat(r.out()).doesNotContain("sk_live_cli_31337");
    }

    @Test
    void applyWaitsUntilReadyAndReportsProgress() throws IOException {
        manifest("a.yaml", "cli-wait-a", "configVars:\n  LOG_LEVEL: info\n");
        manifest("b.yml", "cli-wait-b", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: 1\n");
        Run r = tether("apply", "-f", dir.toString(), "--wait", "--timeout", "90s");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("herokuapp/cli-wait-a created", "herokuapp/cli-wait-b created")
                .contains("2/2 Ready, 0 failed").contains("All 2 resources Ready")
                .doesNotContain("\u001b["); // no colours when not on a terminal
        assertThat(r.out()).containsPattern("(?m)^RESOURCE\\s+READY\\s+REASON\\s+TIME\\s+MESSAGE$");
        assertThat(heroku.app("cli-wait-a")).isPresent();

        Run again = tether("apply", "-f", dir.toString());
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("herokuapp/cli-wait-a unchanged");
    }

    @Test
    void applyWaitFailsWhenAResourceFailsAndNamesIt() throws IOException {
        manifest("owner.yaml", "cli-domain-owner", "domains: [cli-taken.example.com]\n");
        assertThat(tether("apply", "-f", dir.resolve("owner.yaml").toString(), "--wait", "--timeout", "90s").code()).isZero();
        Path thief = manifest("thief.yaml", "cli-domain-thief", "domains: [cli-taken.example.com]\n");
        Run r = tether("apply", "-f", thief.toString(), "--wait", "--timeout", "90s");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("herokuapp/cli-domain-thief").contains("cli-taken.example.com is currently in use");
        assertThat(r.err()).contains("1 of 1 resources failed");
    }

    @Test
    void applyWaitTimesOutWithANonZeroExit() throws IOException {
        Path p = dir.resolve("waiting.yaml");
        // an ApiKey targeting an app that does not exist waits for its dependency (or is not reconciled yet)
        Files.writeString(p, """
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata:
                  name: cli-orphan-key
                spec:
                  targets:
                    - app: cli-no-such-app
                """);
        Run r = tether("apply", "-f", p.toString(), "--wait", "--timeout", "2s");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("timed out after").contains("0/1 Ready");
    }

    @Test
    void diffExitsZeroWithoutChangesTwoWithChangesOneOnError() throws IOException {
        Path p = manifest("diff.yaml", "cli-diff", "configVars:\n  MODE: a\n");
        Run before = tether("diff", "-f", p.toString());
        assertThat(before.code()).isEqualTo(2);
        assertThat(before.out()).contains("herokuapp/cli-diff (create)").contains("+ spec");
        assertThat(tether("apply", "-f", p.toString(), "--wait", "--timeout", "90s").code()).isZero();
        Run same = tether("diff", "-f", p.toString());
        assertThat(same.code()).as(same.out()).isZero();
        assertThat(same.out()).contains("No changes");
        manifest("diff.yaml", "cli-diff", "configVars:\n  MODE: b\n");
        Run changed = tether("diff", "-f", p.toString());
        assertThat(changed.code()).isEqualTo(2);
        assertThat(changed.out()).contains("~ spec.configVars.MODE: \"a\" -> \"b\"");
        assertThat(api.get("/api/v1/resources/HerokuApp/cli-diff").json().at("/spec/configVars/MODE").asString()).isEqualTo("a");

        manifest("diff.yaml", "cli-diff", "release: ${SAMPLE_RELEASE}\nformation:\n  web:\n    quantity: -1\n");
        Run bad = tether("diff", "-f", p.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).startsWith("error: ").contains("quantity");
        assertThat(tether("diff", "-f", dir.resolve("missing.yaml").toString()).code()).isEqualTo(1);
    }

    @Test
    void reportModeDriftMakesDiffExitTwoNamingThePath() throws IOException {
        Path p = manifest("report.yaml", "cli-report", "configVars:\n  MODE: a\ndriftPolicy:\n  mode: report\n");
        assertThat(tether("apply", "-f", p.toString(), "--wait", "--timeout", "90s").code()).isZero();
        Run same = tether("diff", "-f", p.toString());
        assertThat(same.code()).as(same.out() + same.err()).isZero();

        dashboard.setConfigVar("cli-report", "MODE", "changed-by-hand");
        Run drifted = tether("diff", "-f", p.toString());
        assertThat(drifted.code()).as(drifted.out() + drifted.err()).isEqualTo(2);
        assertThat(drifted.out()).contains("herokuapp/cli-report")
                .contains("report configVars.MODE: \"changed-by-hand\" -> \"a\" (held)");
        Run json = tether("diff", "-f", p.toString(), "-o", "json");
        assertThat(json.code()).isEqualTo(2);
        JsonNode answer = JsonMapper.builder().build().readTree(json.out());
        assertThat(answer.path("inSync").asBoolean(true)).isFalse();
        assertThat(answer.at("/actions/0/path").asString()).isEqualTo("configVars.MODE");
        assertThat(answer.at("/actions/0/held").asBoolean()).isTrue();
        assertThat(heroku.app("cli-report").orElseThrow().config()).as("report mode changed nothing")
                .containsEntry("MODE", "changed-by-hand");
    }

    @Test
    void dryRunApplyStoresNothing() throws IOException {
        Path p = manifest("dry.yaml", "cli-dry", "configVars:\n  A: b\n");
        Run r = tether("apply", "-f", p.toString(), "--dry-run");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("herokuapp/cli-dry created (dry run)").contains("+ spec");
        assertThat(api.get("/api/v1/resources/HerokuApp/cli-dry").status()).isEqualTo(404);
    }

    @Test
    void getListsAlignedAndPrintsJsonAndYaml() throws IOException {
        Path p = manifest("get.yaml", "cli-get", "configVars:\n  A: b\n");
        assertThat(tether("apply", "-f", p.toString(), "--wait", "--timeout", "90s").code()).isZero();

        Run table = tether("get", "herokuapp");
        assertThat(table.code()).isZero();
        String[] lines = table.out().split("\n");
        assertThat(lines[0]).matches("KIND\\s+NAME\\s+READY\\s+REASON\\s+DRIFTED\\s+GENERATION\\s+RECONCILED");
        String row = java.util.Arrays.stream(lines).filter(l -> l.contains("cli-get ")).findFirst().orElseThrow();
        // columns line up under their headers, as kubectl's do
        assertThat(row.indexOf("True")).isEqualTo(lines[0].indexOf("READY"));
        assertThat(row).startsWith("HerokuApp");

        Run one = tether("get", "HerokuApp", "cli-get", "-o", "json");
        assertThat(one.code()).isZero();
        JsonNode doc = JsonMapper.builder().build().readTree(one.out());
        assertThat(doc.at("/metadata/name").asString()).isEqualTo("cli-get");
        assertThat(doc.at("/spec/configVars/A").asString()).isEqualTo("b");

        Run yaml = tether("get", "HerokuApp", "cli-get", "-o", "yaml");
        assertThat(YAMLMapper.builder().build().readTree(yaml.out()).at("/kind").asString()).isEqualTo("HerokuApp");

        Run missing = tether("get", "HerokuApp", "cli-nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ");
        assertThat(tether("get", "Widget").code()).isEqualTo(1);
        assertThat(tether("get", "-o", "xml").code()).isEqualTo(1);
    }

    @Test
    void describeShowsConditionsDriftAndEvents() throws IOException {
        Path p = manifest("describe.yaml", "cli-describe", "configVars:\n  LOG_LEVEL: info\ndriftPolicy:\n  mode: report\n");
        assertThat(tether("apply", "-f", p.toString(), "--wait", "--timeout", "90s").code()).isZero();
        dashboard.setConfigVar("cli-describe", "LOG_LEVEL", "debug");
        await().atMost(CONVERGE).untilAsserted(() -> {
            Run r = tether("describe", "HerokuApp", "cli-describe");
            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("Name:               cli-describe").contains("Labels:             team=cli")
                    .contains("Conditions:").containsPattern("Ready\\s+")
                    .contains("Drift:").containsPattern("configVars.LOG_LEVEL\\s+\"info\"\\s+\"debug\"")
                    .contains("Events:").contains("Created").contains("DriftDetected");
        });
    }

    @Test
    void eventsListOldestFirstAndFollowPrintsNewOnes() throws Exception {
        Path p = manifest("events.yaml", "cli-events", "configVars:\n  A: one\n");
        assertThat(tether("apply", "-f", p.toString(), "--wait", "--timeout", "90s").code()).isZero();
        Run r = tether("events", "HerokuApp", "cli-events");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("TIME").contains("Created");
        assertThat(r.out().indexOf("Created")).isLessThan(r.out().lastIndexOf("\n"));

        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        var follower = java.util.concurrent.CompletableFuture.supplyAsync(() -> TetherCli.run(
                new String[] {"events", "HerokuApp", "cli-events", "--follow", "--timeout", "15s"},
                new PrintStream(followed, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", TetherTestSupport.API_TOKEN), false));
        // the follower printed the timeline so far: what comes now can only reach it by following
        await().atMost(CONVERGE).until(() -> followed.toString(StandardCharsets.UTF_8).contains("Created"));
        assertThat(followed.toString(StandardCharsets.UTF_8)).doesNotContain("Updated");
        manifest("events.yaml", "cli-events", "configVars:\n  A: two\n");
        assertThat(tether("apply", "-f", p.toString()).code()).isZero();
        await().atMost(CONVERGE).until(() -> followed.toString(StandardCharsets.UTF_8).contains("Updated"));
        assertThat(follower.get(60, java.util.concurrent.TimeUnit.SECONDS)).isZero();
        // a followed event is printed in the table's columns, under its headers
        java.util.List<String> lines = followed.toString(StandardCharsets.UTF_8).lines().toList();
        String header = lines.getFirst();
        String updated = lines.stream().filter(l -> l.contains("   Updated   ")).findFirst().orElseThrow();
        assertThat(updated.indexOf("Updated")).as(String.join("\n", lines)).isEqualTo(header.indexOf("REASON"));
        assertThat(updated.substring(header.indexOf("ACTOR"))).as(String.join("\n", lines)).startsWith("api");
        assertThat(tether("events", "HerokuApp", "cli-never").code()).isEqualTo(1);
    }

    @Test
    void rollbackAndDelete() throws IOException {
        Path p = manifest("rb.yaml", "cli-rollback", "configVars:\n  V: one\n");
        assertThat(tether("apply", "-f", p.toString()).code()).isZero();
        manifest("rb.yaml", "cli-rollback", "configVars:\n  V: two\n");
        assertThat(tether("apply", "-f", p.toString()).code()).isZero();
        Run rb = tether("rollback", "HerokuApp", "cli-rollback", "--to", "1");
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.out()).contains("herokuapp/cli-rollback rolled back: generation 3 restores the spec of generation 1");
        Run again = tether("rollback", "HerokuApp", "cli-rollback", "--to", "3");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("herokuapp/cli-rollback unchanged: generation 3 is the current one");
        assertThat(api.get("/api/v1/resources/HerokuApp/cli-rollback").json().at("/spec/configVars/V").asString()).isEqualTo("one");
        assertThat(tether("rollback", "HerokuApp", "cli-rollback", "--to", "9").code()).isEqualTo(1);

        Run del = tether("delete", "HerokuApp", "cli-rollback");
        assertThat(del.code()).isZero();
        assertThat(del.out()).contains("herokuapp/cli-rollback deletion requested");
        await().atMost(CONVERGE).until(() -> api.get("/api/v1/resources/HerokuApp/cli-rollback").status() == 404);
        assertThat(tether("delete", "HerokuApp", "cli-rollback").code()).isEqualTo(1);
    }

    @Test
    void deleteDryRunPrintsWhatWouldGoAndChangesNothingAndTheAllowFlagLetsTheDeleteGo() throws IOException {
        Path p = manifest("deldry.yaml", "cli-deldry", "deletionPolicy: Delete\naddons:\n  - plan: heroku-postgresql:essential-0\n");
        assertThat(tether("apply", "-f", p.toString()).code()).isZero();
        await().atMost(CONVERGE).until(() -> api.get("/api/v1/resources/HerokuApp/cli-deldry").json()
                .at("/status/external/id").isString() && heroku.app("cli-deldry").map(a -> !a.addons().isEmpty()).orElse(false));

        Run dry = tether("delete", "HerokuApp", "cli-deldry", "--dry-run");

        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("(deletionPolicy: Delete) would:", "destroy app cli-deldry", "(heroku-postgresql:essential-0): holds data",
                "held", "allowDestroyData", "nothing was changed");
        assertThat(api.get("/api/v1/resources/HerokuApp/cli-deldry").json().at("/metadata/deletionTimestamp").isMissingNode()).isTrue();
        assertThat(heroku.app("cli-deldry")).isPresent();

        assertThat(tether("delete", "HerokuApp", "cli-deldry", "--allow-destroy-data").code()).isZero();
        await().atMost(CONVERGE).until(() -> heroku.app("cli-deldry").isEmpty()
                && api.get("/api/v1/resources/HerokuApp/cli-deldry").status() == 404);
        Run events = tether("events", "HerokuApp", "cli-deldry");
        assertThat(events.code()).as(events.err()).isZero();
        assertThat(events.out()).contains("AppDestroyed", "Deleted");
    }

    @Test
    void resyncStartsAFullResync() {
        Run r = tether("resync");
        assertThat(r.code()).isZero();
        assertThat(r.out()).matches("(?s)resync \\d+ started: \\d+ resources\n");
    }

    @Test
    void aWrongTokenOrServerIsAClearError() {
        Run r = tetherAs("wrong-token", "get");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: ").contains("TETHER_API_TOKEN").doesNotContain("wrong-token");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TetherCli.run(new String[] {"--server", "http://127.0.0.1:1", "get"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach Tether at http://127.0.0.1:1");
    }
}
