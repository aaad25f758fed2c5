package dev.tether.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/**
 * {@code tether delete KIND NAME}: deletes per the resource's deletionPolicy. {@code --dry-run}
 * prints what the delete would destroy, leave running or hold, and changes nothing; the allow
 * flags give the delete the allowance a held deletion waits for.
 */
@Command(name = "delete", description = "Delete a resource (its deletionPolicy says what happens outside Tether).")
final class DeleteCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", description = "Kind")
    String kind;

    @Parameters(index = "1", description = "Name")
    String name;

    @Option(names = "--dry-run", description = "Print what the delete would destroy; change nothing")
    boolean dryRun;

    @Option(names = "--allow-destroy-data", description = "Allow destroying add-ons that hold data with the app (sets allowDestroyData: true)")
    boolean allowDestroyData;

    @Option(names = "--allow-mass-delete", description = "Allow more deletions than tether.max-deletes-per-pass (sets allowMassDelete: true)")
    boolean allowMassDelete;

    @Override
    public Integer call() {
        String path = "/api/v1/resources/" + GetCommand.enc(kind) + "/" + GetCommand.enc(name);
        if (dryRun) {
            JsonNode answer = cli.api().delete(path + "?dryRun=true").body();
            cli.out.println("Deleting " + TetherCli.ref(kind, name) + " (deletionPolicy: " + answer.path("deletionPolicy").asString()
                    + ") would:");
            TextTable t = new TextTable("ACTION", "WHAT");
            answer.path("items").forEach(s -> t.row(s.path("action").asString(), s.path("description").asString()));
            cli.out.print(t.render());
            cli.out.println("(dry run: nothing was changed)");
            return 0;
        }
        List<String> allows = new ArrayList<>();
        if (allowDestroyData) {
            allows.add("allowDestroyData=true");
        }
        if (allowMassDelete) {
            allows.add("allowMassDelete=true");
        }
        cli.api().delete(path + (allows.isEmpty() ? "" : "?" + String.join("&", allows)));
        cli.out.println(TetherCli.ref(kind, name) + " deletion requested");
        return 0;
    }
}
