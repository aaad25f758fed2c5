package dev.tether.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code tether proposals}, {@code tether approve ID}, {@code tether reject ID}: what
 * {@code driftPolicy.mode: approve} waits on, and a person's decision on it (DESIGN §2c).
 */
final class ProposalCommands {

    private ProposalCommands() {
    }

    @Command(name = "proposals", description = "List the drift corrections approve mode waits on (default: the open ones).")
    static final class List implements Callable<Integer> {

        @ParentCommand
        TetherCli cli;

        @Option(names = "--state", defaultValue = "open", description = "open, approved, rejected, lapsed, applied or all")
        String state;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
        String output;

        @Override
        public Integer call() {
            String query = state.equals("all") ? "" : "?state=" + state;
            JsonNode list = cli.api().get("/api/v1/proposals" + query);
            if (output.equals("json")) {
                cli.out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(list));
                return 0;
            }
            if (list.path("items").isEmpty()) {
                cli.out.println("No " + (state.equals("all") ? "" : state + " ") + "proposals.");
                return 0;
            }
            TextTable t = new TextTable("ID", "RESOURCE", "STATE", "DRIFT BY", "CHANGES", "DECIDED BY");
            for (JsonNode p : list.path("items")) {
                StringBuilder changes = new StringBuilder();
                for (JsonNode c : p.path("actions")) {
                    changes.append(changes.isEmpty() ? "" : "; ").append(c.path("path").asString()).append(": ")
                            .append(c.get("from")).append(" -> ").append(c.get("to"));
                }
                t.row(p.path("id").asLong(), TetherCli.ref(p.path("kind").asString(), p.path("name").asString()),
                        p.path("state").asString(), p.path("driftActor").asString(null), changes.toString(),
                        p.path("decidedBy").asString(null));
            }
            t.print(cli.out);
            return 0;
        }
    }

    /** approve and reject: the same call to a different endpoint. */
    abstract static class Decide implements Callable<Integer> {

        @ParentCommand
        TetherCli cli;

        @Parameters(index = "0", description = "The proposal's id (tether proposals lists them)")
        long id;

        @Option(names = "--as", description = "Who decides, recorded with the decision (default: $USER)")
        String as;

        abstract String verb();

        @Override
        public Integer call() {
            String by = as != null ? as : cli.env.getOrDefault("USER", "");
            JsonNode p = cli.api().post("/api/v1/proposals/" + id + "/" + verb(), "application/json",
                    ApiClient.JSON.writeValueAsString(java.util.Map.of("by", by))).body();
            cli.out.println("proposal " + id + " for " + TetherCli.ref(p.path("kind").asString(), p.path("name").asString())
                    + " " + p.path("state").asString() + " by " + p.path("decidedBy").asString());
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a proposal: the next pass carries it out.")
    static final class Approve extends Decide {
        @Override
        String verb() {
            return "approve";
        }
    }

    @Command(name = "reject", description = "Reject a proposal: nothing is done; the next drift is proposed again.")
    static final class Reject extends Decide {
        @Override
        String verb() {
            return "reject";
        }
    }
}
