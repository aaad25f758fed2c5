package dev.tether.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether rollback KIND NAME --to N}: makes generation N's spec current again. */
@Command(name = "rollback", description = "Make an earlier generation's spec current again (as a new generation).")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", description = "Kind")
    String kind;

    @Parameters(index = "1", description = "Name")
    String name;

    @Option(names = "--to", required = true, description = "The generation to go back to")
    long generation;

    @Override
    public Integer call() {
        JsonNode item = cli.api().post("/api/v1/resources/" + GetCommand.enc(kind) + "/" + GetCommand.enc(name) + "/rollback",
                "application/json", "{\"generation\":" + generation + "}").body();
        long now = item.path("generation").asLong();
        if (!item.path("changed").asBoolean()) {
            // the spec already is generation N's: no new generation was made
            cli.out.println(TetherCli.ref(kind, name) + " unchanged: generation " + now
                    + (now == generation ? " is the current one" : " already has the spec of generation " + generation));
            return 0;
        }
        cli.out.println(TetherCli.ref(kind, name) + " rolled back: generation " + now
                + " restores the spec of generation " + generation);
        return 0;
    }
}
