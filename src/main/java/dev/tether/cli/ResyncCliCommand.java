package dev.tether.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether resync [--wait]}: a full resync by the running workers. */
@Command(name = "resync", description = "Reconcile everything now with full observation; --wait until every resource had its pass.")
final class ResyncCliCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Option(names = "--wait", description = "Wait until every resource had a pass; exit 1 if any is failing")
    boolean await;

    @Option(names = "--timeout", defaultValue = "10m", description = "How long --wait waits (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = cli.api();
        JsonNode p = api.post("/api/v1/resync", null, null).body();
        long id = p.path("id").asLong();
        cli.out.println("resync " + id + " started: " + p.path("total").asInt() + " resources");
        if (!await) {
            return 0;
        }
        Instant deadline = Instant.now().plus(TetherCli.duration(timeout));
        String last = "";
        while (true) {
            p = api.get("/api/v1/resync/" + id);
            int total = p.path("total").asInt();
            int done = p.path("done").asInt();
            int failing = p.path("failing").asInt();
            String line = done + "/" + total + " reconciled, " + failing + " failing";
            if (cli.terminal) {
                cli.out.print("\r\u001b[K" + line);
                cli.out.flush();
            } else if (!line.equals(last)) {
                cli.out.println(line);
            }
            last = line;
            boolean finished = done >= total;
            if (finished || Instant.now().isAfter(deadline)) {
                if (cli.terminal) {
                    cli.out.println();
                }
                if (!finished) {
                    cli.err.println(cli.style("error: ", TetherCli.Style.RED) + "timed out: " + line);
                    return 1;
                }
                if (failing > 0) {
                    cli.err.println(cli.style("error: ", TetherCli.Style.RED) + failing + " resources still failing (tether get shows which)");
                    return 1;
                }
                cli.out.println(cli.style("resync " + id + " finished: all " + total + " resources reconciled", TetherCli.Style.GREEN));
                return 0;
            }
            Thread.sleep(500);
        }
    }
}
