package dev.tether.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether describe KIND NAME}: conditions, drift, external ids and recent events. */
@Command(name = "describe", description = "Show a resource's conditions, drift and recent events.")
final class DescribeCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", description = "Kind")
    String kind;

    @Parameters(index = "1", description = "Name")
    String name;

    @Override
    public Integer call() {
        ApiClient api = cli.api();
        String path = "/api/v1/resources/" + GetCommand.enc(kind) + "/" + GetCommand.enc(name);
        JsonNode doc = api.get(path);
        JsonNode events = api.get(path + "/events?limit=10").path("items");
        JsonNode meta = doc.path("metadata");
        JsonNode status = doc.path("status");
        field("Name", meta.path("name").asString());
        field("Kind", doc.path("kind").asString());
        StringBuilder labels = new StringBuilder();
        for (Map.Entry<String, JsonNode> l : meta.path("labels").properties()) {
            labels.append(labels.isEmpty() ? "" : ",").append(l.getKey()).append('=').append(l.getValue().asString());
        }
        field("Labels", labels.isEmpty() ? "<none>" : labels.toString());
        field("Generation", meta.path("generation").asLong() + " (observed "
                + (status.path("observedGeneration").isNumber() ? status.path("observedGeneration").asLong() : "none") + ")");
        field("Resource Version", meta.path("resourceVersion").asString());
        if (meta.has("deletionTimestamp")) {
            field("Deletion Requested", meta.path("deletionTimestamp").asString());
        }
        String reconciled = GetCommand.since(status.path("lastReconciledAt").asString(null));
        field("Last Reconciled", reconciled == null ? "never" : reconciled);
        if (!status.path("external").isEmpty()) {
            cli.out.println("External:");
            for (Map.Entry<String, JsonNode> e : status.path("external").properties()) {
                cli.out.println("  " + e.getKey() + ": " + (e.getValue().isString() ? e.getValue().asString() : e.getValue().toString()));
            }
        }
        cli.out.println("Conditions:");
        TextTable conditions = new TextTable("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
        for (JsonNode c : status.path("conditions")) {
            conditions.row(c.path("type").asString(), colourStatus(c.path("status").asString()), c.path("reason").asString(null),
                    GetCommand.since(c.path("lastTransitionTime").asString(null)), c.path("message").asString(null));
        }
        indent(conditions);
        cli.out.println("Drift:");
        if (status.path("drift").isEmpty()) {
            cli.out.println("  <none>");
        } else {
            TextTable drift = new TextTable("PATH", "DESIRED", "OBSERVED", "FIRST SEEN", "ACTOR");
            for (JsonNode d : status.path("drift")) {
                drift.row(d.path("path").asString(), d.path("desired").toString(), d.path("observed").toString(),
                        GetCommand.since(d.path("firstSeen").asString(null)), d.path("actor").asString(null));
            }
            indent(drift);
        }
        cli.out.println("Events:");
        if (events.isEmpty()) {
            cli.out.println("  <none>");
        } else {
            indent(EventsCommand.table(events, true));
        }
        return 0;
    }

    private String colourStatus(String s) {
        return s;
    }

    private void field(String label, String value) {
        cli.out.println(String.format("%-20s%s", label + ":", value));
    }

    private void indent(TextTable t) {
        for (String line : t.render().split("\n")) {
            cli.out.println("  " + line);
        }
    }
}
