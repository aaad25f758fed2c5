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
        cli.out.println(TetherCli.ref(kind, name) + " rolled back to generation " + generation
                + " (now generation " + item.path("generation").asLong() + ")");
        return 0;
    }
}
