package dev.tether.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code apply --wait}: polls each applied resource until all are Ready at (or past) the applied
 * generation, one fails, or the timeout passes. On a terminal one line is redrawn in place
 * (counts, the slowest resource and its reason); elsewhere a line is printed when it changes.
 */
final class Waiter {

    /** Ready=False reasons that mean "not yet", not "failed". */
    private static final Set<String> TRANSIENT = Set.of("Pending", "WaitingForDependency", "Progressing", "Reconciling",
            "Creating", "Updating", "Provisioning", "Scaling", "NotReconciledYet", "RateLimited", "Deleting");
    private static final String[] SPINNER = {"|", "/", "-", "\\"};

    record Target(String kind, String name, long generation) {
        String ref() {
            return TetherCli.ref(kind, name);
        }
    }

    private enum State { WAITING, READY, FAILED }

    private record Seen(State state, String reason, String message, Duration took) {
    }

    /**
     * A failure must hold this long before --wait gives up: the loop retries transient errors
     * (a 5xx, a reconciler's exception) with backoff and shows them with the same condition as
     * a refusal retrying cannot fix.
     */
    private static final Duration FAIL_AFTER = Duration.ofSeconds(3);

    private final TetherCli cli;
    private final ApiClient api;
    private final List<Target> targets;
    private final Duration timeout;

    Waiter(TetherCli cli, ApiClient api, List<Target> targets, Duration timeout) {
        this.cli = cli;
        this.api = api;
        this.targets = targets;
        this.timeout = timeout;
    }

    int await() {
        Instant start = Instant.now();
        Instant deadline = start.plus(timeout);
        Map<Target, Seen> seen = new LinkedHashMap<>();
        Map<Target, Instant> failingSince = new java.util.HashMap<>();
        String lastLine = "";
        int tick = 0;
        while (true) {
            Duration elapsed = Duration.between(start, Instant.now());
            for (Target t : targets) {
                Seen s = seen.get(t);
                if (s == null || s.state() == State.WAITING) {
                    Seen now = observe(t, start, elapsed);
                    if (now.state() == State.FAILED) {
                        Instant since = failingSince.computeIfAbsent(t, k -> Instant.now());
                        if (Duration.between(since, Instant.now()).compareTo(FAIL_AFTER) < 0) {
                            now = new Seen(State.WAITING, now.reason(), now.message(), elapsed);
                        }
                    } else {
                        failingSince.remove(t);
                    }
                    seen.put(t, now);
                }
            }
            long ready = seen.values().stream().filter(s -> s.state() == State.READY).count();
            long failed = seen.values().stream().filter(s -> s.state() == State.FAILED).count();
            Map.Entry<Target, Seen> slowest = seen.entrySet().stream()
                    .filter(e -> e.getValue().state() != State.READY).findFirst().orElse(null);
            String line = ready + "/" + targets.size() + " Ready, " + failed + " failed"
                    + (slowest == null ? "" : "; waiting on " + slowest.getKey().ref() + ": " + slowest.getValue().reason()
                    + (slowest.getValue().message() == null ? "" : " (" + slowest.getValue().message() + ")"));
            if (cli.terminal) {
                String shown = SPINNER[tick++ % SPINNER.length] + " [" + TetherCli.age(elapsed) + "] " + line;
                cli.out.print("\r\u001b[K" + shown);
                cli.out.flush();
            } else if (!line.equals(lastLine)) {
                cli.out.println("[" + TetherCli.age(elapsed) + "] " + line);
            }
            lastLine = line;
            if (failed > 0 || ready == targets.size() || Instant.now().isAfter(deadline)) {
                if (cli.terminal) {
                    cli.out.println();
                }
                return finish(seen, failed, ready, elapsed);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    private Seen observe(Target t, Instant start, Duration elapsed) {
        JsonNode doc = api.get("/api/v1/resources/" + t.kind() + "/" + t.name());
        JsonNode status = doc.path("status");
        long observed = status.path("observedGeneration").asLong(0);
        JsonNode readyCond = null;
        for (JsonNode c : status.path("conditions")) {
            if ("Ready".equals(c.path("type").asString())) {
                readyCond = c;
            }
        }
        if (readyCond == null) {
            return new Seen(State.WAITING, "Pending", null, elapsed);
        }
        String st = readyCond.path("status").asString();
        String reason = readyCond.path("reason").asString("Unknown");
        String message = readyCond.path("message").asString(null);
        if ("True".equals(st) && observed >= t.generation()) {
            return new Seen(State.READY, reason, message, elapsed);
        }
        if ("False".equals(st) && !TRANSIENT.contains(reason)) {
            Instant changed = parse(readyCond.path("lastTransitionTime").asString(null));
            boolean current = observed >= t.generation() || (changed != null && !changed.isBefore(start.minusSeconds(2)));
            if (current) {
                return new Seen(State.FAILED, reason, message, elapsed);
            }
        }
        return new Seen(State.WAITING, reason, message, elapsed);
    }

    private int finish(Map<Target, Seen> seen, long failed, long ready, Duration elapsed) {
        TextTable table = new TextTable("RESOURCE", "READY", "REASON", "TIME", "MESSAGE");
        seen.forEach((t, s) -> table.row(t.ref(), s.state() == State.READY ? "True" : s.state() == State.FAILED ? "False" : "Unknown",
                s.reason(), s.state() == State.WAITING ? "-" : TetherCli.age(s.took()), s.message()));
        table.print(cli.out);
        if (failed > 0) {
            cli.err.println(cli.style("error: ", TetherCli.Style.RED) + failed + " of " + targets.size() + " resources failed");
            return 1;
        }
        if (ready < targets.size()) {
            cli.err.println(cli.style("error: ", TetherCli.Style.RED) + "timed out after " + TetherCli.age(elapsed)
                    + " with " + ready + "/" + targets.size() + " Ready");
            return 1;
        }
        cli.out.println(cli.style("All " + targets.size() + " resources Ready in " + TetherCli.age(elapsed), TetherCli.Style.GREEN));
        return 0;
    }

    private static Instant parse(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
