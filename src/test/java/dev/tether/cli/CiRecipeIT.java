package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.SandboxTestBase;
import dev.tether.TetherTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CI recipe (examples/ci/github-actions.yml) works: the {@code bin/tether} commands its jobs
 * run, read from the file itself, do against the sandbox what the recipe says: the pull-request
 * job's diff exits 2 with a Markdown plan while there is something to apply, the main job's apply
 * waits until Ready, and the diff then exits 0.
 */
class CiRecipeIT extends SandboxTestBase {

    private static final Path RECIPE = Path.of("examples/ci/github-actions.yml");

    @TempDir
    Path repo;

    record Run(int code, String out, String err) {
    }

    @Test
    void theRecipesCommandsPlanOnPullRequestsAndApplyOnMain() throws IOException {
        JsonNode workflow = YAMLMapper.builder().build().readTree(Files.readString(RECIPE));
        assertThat(workflow.at("/jobs/apply/environment").asString()).as("apply waits for an environment approval")
                .isEqualTo("production");
        List<String> diff = tetherCommand(workflow.at("/jobs/plan/steps"));
        List<String> apply = tetherCommand(workflow.at("/jobs/apply/steps"));
        assertThat(diff).startsWith("diff");
        assertThat(apply).startsWith("apply").contains("--wait");

        Path manifests = Files.createDirectories(repo.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: ci-recipe-app}
                spec:
                  configVars: {LOG_LEVEL: info}
                """);

        Run plan = tether(diff, manifests);
        assertThat(plan.code()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("| resource | action | path | from | to | held |")
                .contains("herokuapp/ci-recipe-app").contains("LOG_LEVEL");
        assertThat(heroku.app("ci-recipe-app")).as("the pull-request job changes nothing").isEmpty();

        Run applied = tether(apply, manifests);
        assertThat(applied.code()).as(applied.out() + applied.err()).isZero();
        assertThat(heroku.app("ci-recipe-app").orElseThrow().config()).containsEntry("LOG_LEVEL", "info");

        Run again = tether(diff, manifests);
        assertThat(again.code()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes");
    }

    /** The arguments of the one {@code bin/tether} command in a job's steps, up to a shell redirect. */
    private static List<String> tetherCommand(JsonNode steps) {
        List<List<String>> found = new ArrayList<>();
        for (JsonNode step : steps) {
            for (String line : step.path("run").asString("").split("\n")) {
                String l = line.strip();
                if (l.startsWith("bin/tether ")) {
                    String command = l.substring("bin/tether ".length()).split("[>|]")[0].strip();
                    found.add(Arrays.asList(command.split("\\s+")));
                }
            }
        }
        assertThat(found).as("one bin/tether command per job").hasSize(1);
        return found.getFirst();
    }

    private Run tether(List<String> args, Path manifests) {
        String[] argv = args.stream().map(a -> a.equals("manifests/") ? manifests.toString() : a).toArray(String[]::new);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TetherCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("TETHER_URL", "http://127.0.0.1:" + port, "TETHER_API_TOKEN", TetherTestSupport.API_TOKEN), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
