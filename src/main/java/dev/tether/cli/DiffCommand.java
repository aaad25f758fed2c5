package dev.tether.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code tether diff -f ...}: what applying the manifests would change, in the desired state and
 * then in Heroku and Kong: the plan the reconcilers would carry out against the world, drift
 * included (what {@code report}, {@code approve} or {@code paused} hold back shows, marked held).
 * Exit 0 in sync, 2 when the plan is not empty, 1 on error (as {@code terraform plan
 * -detailed-exitcode} and {@code deck diff --non-zero-exit-code}). {@code -o json} prints the
 * whole answer for machines; {@code -o markdown} a table for a CI job summary.
 */
@Command(name = "diff", description = "Show what applying the manifests would change, in Tether and in Heroku and Kong "
        + "(drift included). Exit 0: in sync, 2: the plan is not empty, 1: error.")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Option(names = {"-f", "--filename"}, required = true, description = "A manifest file or a directory of them (repeatable)")
    List<Path> files;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "text, json or markdown")
    String output;

    @Override
    public Integer call() {
        if (!List.of("text", "json", "markdown").contains(output)) {
            throw new TetherCli.CliException("-o must be text, json or markdown, not " + output);
        }
        List<JsonNode> docs = ManifestFiles.read(files);
        JsonNode result = cli.api().post("/api/v1/manifests?dryRun=true", "application/json",
                ApiClient.JSON.writeValueAsString(docs)).body();
        boolean changed = false;
        for (JsonNode item : result.path("items")) {
            changed |= item.path("changed").asBoolean();
        }
        JsonNode world = result.path("actions");
        boolean inSync = !changed && world.isEmpty();
        switch (output) {
            case "json" -> {
                ObjectNode answer = ((ObjectNode) result.deepCopy()).put("inSync", inSync);
                cli.out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
            }
            case "markdown" -> printMarkdown(result, inSync);
            default -> {
                if (inSync) {
                    cli.out.println("No changes: the desired state matches these manifests and the world matches the desired state.");
                } else {
                    if (changed) {
                        cli.out.println("Desired state:");
                        printPlan(cli, result.path("plan"));
                    }
                    if (!world.isEmpty()) {
                        cli.out.println("Heroku and Kong:");
                        printWorld(cli, world);
                    }
                }
            }
        }
        return inSync ? 0 : 2;
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

    /** The world plan: one line per step, {@code (held)} on what the pass will not carry out. */
    static void printWorld(TetherCli cli, JsonNode steps) {
        String current = null;
        for (JsonNode s : steps) {
            String ref = TetherCli.ref(s.path("kind").asString(), s.path("name").asString());
            if (!ref.equals(current)) {
                cli.out.println(cli.style(ref, TetherCli.Style.BOLD));
                current = ref;
            }
            boolean held = s.path("held").asBoolean(false);
            String line = "  " + s.path("action").asString() + (s.hasNonNull("path") ? " " + s.path("path").asString() : "")
                    + fromTo(s) + (held ? " (held)" : "") + (s.hasNonNull("actor") ? " by " + s.path("actor").asString() : "");
            cli.out.println(cli.style(line, held ? TetherCli.Style.YELLOW : TetherCli.Style.GREEN));
            if (s.hasNonNull("description")) {
                cli.out.println("      " + s.path("description").asString());
            }
        }
    }

    private void printMarkdown(JsonNode result, boolean inSync) {
        cli.out.println("### tether diff");
        cli.out.println();
        if (inSync) {
            cli.out.println("No changes: in sync.");
            return;
        }
        cli.out.println("| resource | action | path | from | to | held |");
        cli.out.println("|---|---|---|---|---|---|");
        for (JsonNode p : result.path("plan")) {
            row(p, "spec " + p.path("action").asString(), "spec." + p.path("path").asString());
        }
        for (JsonNode s : result.path("actions")) {
            row(s, s.path("action").asString(), s.path("path").asString(""));
        }
    }

    private void row(JsonNode n, String action, String path) {
        cli.out.println("| " + String.join(" | ", TetherCli.ref(n.path("kind").asString(), n.path("name").asString()), action,
                cell(path), cell(value(n.get("from"))), cell(value(n.get("to"))), n.path("held").asBoolean(false) ? "held" : "") + " |");
    }

    private static String cell(String s) {
        return "`" + s.replace("|", "\\|").replace("`", "'") + "`";
    }

    private static String fromTo(JsonNode s) {
        if (!s.has("from") && !s.has("to")) {
            return "";
        }
        return ": " + value(s.get("from")) + " -> " + value(s.get("to"));
    }

    private static String value(JsonNode n) {
        return n == null ? "null" : n.toString();
    }
}
