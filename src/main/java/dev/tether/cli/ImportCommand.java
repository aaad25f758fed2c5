package dev.tether.cli;

import dev.tether.manifest.ManifestYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether import terraform <terraform.tfstate>}: manifests that adopt what Terraform made. */
@Command(name = "import", description = "Turn another tool's state into manifests that adopt what exists.",
        subcommands = ImportCommand.Terraform.class, synopsisSubcommandLabel = "SOURCE")
final class ImportCommand implements Runnable {

    @ParentCommand
    TetherCli cli;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(cli.out);
    }

    @Command(name = "terraform", description = {
            "Read a Terraform state (format version 4, as `terraform state pull` writes it) of heroku and kong provider "
                    + "resources and print manifests that adopt them: applying them changes nothing that runs.",
            "Resource types it does not know, and what it cannot carry over, are listed on stderr."})
    static final class Terraform implements Callable<Integer> {

        @ParentCommand
        ImportCommand parent;

        @Parameters(index = "0", paramLabel = "STATE", description = "terraform.tfstate (or - for stdin)")
        String state;

        @Option(names = {"-o", "--output"}, description = "Write the manifests to this file instead of stdout")
        Path output;

        @Option(names = "--include-secrets", description = "Write secret config var values into a <app>-secrets Secret that the app refers to (default: left out)")
        boolean includeSecrets;

        @Override
        public Integer call() {
            TetherCli cli = parent.cli;
            JsonNode tfstate;
            try {
                String text = state.equals("-") ? new String(System.in.readAllBytes()) : Files.readString(Path.of(state));
                tfstate = ApiClient.JSON.readTree(text);
            } catch (IOException | RuntimeException e) {
                throw new TetherCli.CliException(state + ": cannot read a Terraform state: " + e.getMessage());
            }
            TerraformImport.Result result = TerraformImport.convert(tfstate, includeSecrets);
            String yaml = ManifestYaml.write(result.documents());
            if (output != null) {
                try {
                    Files.writeString(output, yaml);
                } catch (IOException e) {
                    throw new TetherCli.CliException("-o " + output + ": " + e.getMessage());
                }
            } else {
                cli.out.print(yaml);
            }
            for (String address : result.unknown()) {
                cli.err.println(cli.style("not imported: ", TetherCli.Style.YELLOW) + address + " (a resource type Tether does not know)");
            }
            for (String note : result.notes()) {
                cli.err.println(cli.style("note: ", TetherCli.Style.DIM) + note);
            }
            cli.err.println(result.documents().size() + " manifest(s) written" + (output != null ? " to " + output : "")
                    + (result.unknown().isEmpty() ? "" : "; " + result.unknown().size() + " resource(s) of unknown types not imported"));
            return 0;
        }
    }
}
