package dev.tether.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether apply -f FILE|DIR [--dry-run] [--wait [--timeout 5m]]}. */
@Command(name = "apply", description = "Apply manifests; with --wait, show progress until every resource is Ready or one fails.")
final class ApplyCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Option(names = {"-f", "--filename"}, required = true, description = "A manifest file or a directory of them (repeatable)")
    List<Path> files;

    @Option(names = "--dry-run", description = "Show what would change; store nothing")
    boolean dryRun;

    @Option(names = "--wait", description = "Wait until every applied resource is Ready, or one fails")
    boolean await;

    @Option(names = "--timeout", defaultValue = "5m", description = "How long --wait waits (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        List<JsonNode> docs = ManifestFiles.read(files);
        ApiClient api = cli.api();
        String body = ApiClient.JSON.writeValueAsString(docs);
        JsonNode result = api.post("/api/v1/manifests" + (dryRun ? "?dryRun=true" : ""), "application/json", body).body();
        List<Waiter.Target> targets = new ArrayList<>();
        for (JsonNode item : result.path("items")) {
            String kind = item.path("kind").asString();
            String name = item.path("name").asString();
            String action = item.path("action").asString(item.path("changed").asBoolean() ? "configured" : "unchanged");
            cli.out.println(TetherCli.ref(kind, name) + " " + action + (dryRun ? " (dry run)" : ""));
            targets.add(new Waiter.Target(kind, name, item.path("generation").asLong()));
        }
        for (JsonNode w : result.path("warnings")) {
            cli.err.println("Warning: " + TetherCli.ref(w.path("kind").asString(), w.path("name").asString()) + " "
                    + w.path("message").asString());
        }
        if (dryRun) {
            DiffCommand.printPlan(cli, result.path("plan"));
            return 0;
        }
        if (!await) {
            return 0;
        }
        return new Waiter(cli, api, targets, TetherCli.duration(timeout)).await();
    }
}
