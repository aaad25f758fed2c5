package dev.tether.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code tether delete KIND NAME}: deletes per the resource's deletionPolicy. */
@Command(name = "delete", description = "Delete a resource (its deletionPolicy says what happens outside Tether).")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", description = "Kind")
    String kind;

    @Parameters(index = "1", description = "Name")
    String name;

    @Override
    public Integer call() {
        cli.api().delete("/api/v1/resources/" + GetCommand.enc(kind) + "/" + GetCommand.enc(name));
        cli.out.println(TetherCli.ref(kind, name) + " deletion requested");
        return 0;
    }
}
