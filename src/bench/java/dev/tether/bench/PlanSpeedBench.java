package dev.tether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH plan benchmarks (1 fork, 5 × 1 s warm-up, 10 × 1 s measurement; override with
 * {@code -Dbench.jmh.forks}, {@code -Dbench.jmh.warmups}, {@code -Dbench.jmh.iterations}). Results: {@code target/bench/jmh.txt}
 * and {@code target/bench/jmh.json}. Only the {@code bench} profile runs it.
 */
class PlanSpeedBench {

    @Test
    void planSpeed() throws Exception {
        Path out = Path.of("target/bench");
        Files.createDirectories(out);
        Options opts = new OptionsBuilder()
                .include("dev\\.tether\\..*PlanBenchmark")
                .forks(Integer.getInteger("bench.jmh.forks", 1))
                .warmupIterations(Integer.getInteger("bench.jmh.warmups", 5)).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.jmh.iterations", 10)).measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh.json").toString())
                .output(out.resolve("jmh.txt").toString())
                .build();
        new Runner(opts).run();
        table(out.resolve("jmh.json"));
    }

    /** The JMH results as the Markdown table of {@code target/bench/6-plan-speed.md}. */
    private static void table(Path json) throws Exception {
        JsonNode results = JsonMapper.builder().build().readTree(Files.readString(json));
        Bench.Report r = new Bench.Report();
        r.line("### Plan speed, JMH (scenario 5)");
        r.line("");
        r.line("%d fork, %d × 1 s warm-up, %d × 1 s measurement, average time per operation, one thread. Kong: 2,000 services "
                + "× (1 service + 2 routes + 2 plugins) = 10,000 observed entities, one route in ten drifted, "
                + "`KongServicePlanner.plan` per service. Heroku: 1,000 apps (6 config vars + an add-on's var, web + worker, an "
                + "add-on, a domain), one in ten with a drifted config var, `HerokuAppPlanner.plan` per app.",
                Integer.getInteger("bench.jmh.forks", 1), Integer.getInteger("bench.jmh.warmups", 5),
                Integer.getInteger("bench.jmh.iterations", 10));
        r.line("");
        r.line("| benchmark | score | error (99.9 %) | aim (DESIGN §7) |");
        r.line("|---|---|---|---|");
        for (JsonNode b : results) {
            String name = b.get("benchmark").asString();
            double score = b.at("/primaryMetric/score").asDouble();
            double error = b.at("/primaryMetric/scoreError").asDouble();
            String unit = b.at("/primaryMetric/scoreUnit").asString();
            boolean kong = name.contains("Kong");
            if (kong) {
                r.aim("plan for 10,000 Kong entities (JMH)", String.format(java.util.Locale.ROOT, "%.2f %s", score, unit), "≤ 10 ms", score <= 10);
            }
            r.line("| `%s` | **%.2f %s** | ± %.2f | %s |", name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    score, unit, error, kong ? (score <= 10 ? "≤ 10 ms — met" : "≤ 10 ms — **not met**") : "(none)");
        }
        r.write("6-plan-speed.md");
    }
}
