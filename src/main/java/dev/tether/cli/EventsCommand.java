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
        if (items.isEmpty()) {
            cli.err.println("No events for " + TetherCli.ref(kind, name) + ".");
        } else {
            cli.out.print(table(items, false).render());
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
                    cli.out.println(line(e));
                }
                cli.out.flush();
            }
        }
        return 0;
    }

    private String line(JsonNode e) {
        String type = e.path("type").asString();
        return e.path("time").asString() + "   " + cli.style(type, "Warning".equals(type) ? TetherCli.Style.YELLOW : TetherCli.Style.DIM)
                + "   " + e.path("reason").asString() + "   " + e.path("actor").asString("-") + "   " + e.path("message").asString();
    }

    /** Events, given newest first as the API answers, as a table oldest first. */
    static TextTable table(JsonNode newestFirst, boolean relative) {
        TextTable t = new TextTable(relative ? "AGE" : "TIME", "TYPE", "REASON", "ACTOR", "MESSAGE");
        List<JsonNode> list = new ArrayList<>();
        newestFirst.forEach(list::add);
        for (JsonNode e : list.reversed()) {
            String time = e.path("time").asString(null);
            t.row(relative ? GetCommand.since(time) : time, e.path("type").asString(), e.path("reason").asString(),
                    e.path("actor").asString(null), e.path("message").asString(null));
        }
        return t;
    }
}
