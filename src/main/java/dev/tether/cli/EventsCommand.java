package dev.tether.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;

/** {@code tether events KIND NAME [--follow]}: the resource's timeline, oldest first. */
@Command(name = "events", description = "Show a resource's timeline; --follow keeps printing new events.")
final class EventsCommand implements Callable<Integer> {

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", description = "Kind")
    String kind;

    @Parameters(index = "1", description = "Name")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted")
    boolean follow;

    @Option(names = "--timeout", description = "With --follow: stop after this long (e.g. 10m)")
    String timeout;

    @Override
    public Integer call() throws InterruptedException {
        ApiClient api = cli.api();
        String path = "/api/v1/resources/" + GetCommand.enc(kind) + "/" + GetCommand.enc(name) + "/events?limit=100";
        JsonNode items = api.get(path).path("items");
        long last = items.isEmpty() ? 0 : items.get(0).path("id").asLong();
        TextTable table = table(items, false);
        if (items.isEmpty()) {
            cli.err.println("No events for " + TetherCli.ref(kind, name) + ".");
        }
        if (!items.isEmpty() || follow) {
            cli.out.print(table.render());
        }
        if (!follow) {
            return 0;
        }
        Instant until = timeout == null ? Instant.MAX : Instant.now().plus(TetherCli.duration(timeout));
        while (Instant.now().isBefore(until)) {
            Thread.sleep(Duration.ofMillis(1000));
            JsonNode fresh = api.get(path).path("items");
            List<JsonNode> newer = new ArrayList<>();
            for (JsonNode e : fresh) {
                if (e.path("id").asLong() > last) {
                    newer.add(e);
                }
            }
            if (!newer.isEmpty()) {
                last = newer.getFirst().path("id").asLong();
                for (JsonNode e : newer.reversed()) {
                    // in the table's columns, so followed events line up under its headers
                    cli.out.println(table.appendLine(cells(e, false)));
                }
                cli.out.flush();
            }
        }
        return 0;
    }

    /** Events, given newest first as the API answers, as a table oldest first. */
    static TextTable table(JsonNode newestFirst, boolean relative) {
        TextTable t = new TextTable(relative ? "AGE" : "TIME", "TYPE", "REASON", "ACTOR", "MESSAGE");
        List<JsonNode> list = new ArrayList<>();
        newestFirst.forEach(list::add);
        for (JsonNode e : list.reversed()) {
            t.row(cells(e, relative));
        }
        return t;
    }

    private static Object[] cells(JsonNode e, boolean relative) {
        String time = e.path("time").asString(null);
        return new Object[] {relative ? GetCommand.since(time) : toSeconds(time), e.path("type").asString(), e.path("reason").asString(),
                e.path("actor").asString(null), e.path("message").asString(null)};
    }

    /** {@code 2026-12-01T23:10:56Z}: every time the same width, so the columns after it line up. */
    private static String toSeconds(String time) {
        try {
            return time == null ? null : Instant.parse(time).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (RuntimeException e) {
            return time;
        }
    }
}
