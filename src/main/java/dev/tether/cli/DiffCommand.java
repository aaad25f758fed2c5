package dev.tether.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code tether diff -f ...}: what an apply would change in the desired state. Exit 0 no
 * changes, 2 changes, 1 error (as {@code deck diff --non-zero-exit-code} and
 * {@code terraform plan -detailed-exitcode}).
 */
@Command(name = "diff", description = "Show what applying the manifests would change. Exit 0: no changes, 2: changes, 1: error.")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Option(names = {"-f", "--filename"}, required = true, description = "A manifest file or a directory of them (repeatable)")
    List<Path> files;

    @Override
    public Integer call() {
        List<JsonNode> docs = ManifestFiles.read(files);
        JsonNode result = cli.api().post("/api/v1/manifests?dryRun=true", "application/json",
                ApiClient.JSON.writeValueAsString(docs)).body();
        boolean changed = false;
        for (JsonNode item : result.path("items")) {
            changed |= item.path("changed").asBoolean();
        }
        if (!changed) {
            cli.out.println("No changes: the desired state already matches these manifests.");
            return 0;
        }
        printPlan(cli, result.path("plan"));
        return 2;
    }

    static void printPlan(TetherCli cli, JsonNode plan) {
        String current = null;
        for (JsonNode p : plan) {
            String ref = TetherCli.ref(p.path("kind").asString(), p.path("name").asString());
            String action = p.path("action").asString();
            if (!ref.equals(current)) {
                cli.out.println(cli.style(ref, TetherCli.Style.BOLD) + " (" + action + ")");
                current = ref;
            }
            JsonNode from = p.get("from");
            JsonNode to = p.get("to");
            String path = p.path("path").asString();
            if (from == null || from.isNull()) {
                cli.out.println(cli.style("  + " + path + ": " + value(to), TetherCli.Style.GREEN));
            } else if (to == null || to.isNull()) {
                cli.out.println(cli.style("  - " + path + ": " + value(from), TetherCli.Style.RED));
            } else {
                cli.out.println(cli.style("  ~ " + path + ": " + value(from) + " -> " + value(to), TetherCli.Style.YELLOW));
            }
        }
    }

    private static String value(JsonNode n) {
        return n == null ? "null" : n.toString();
    }
}
