package dev.tether.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH plan benchmarks (1 fork, 3 × 1 s warm-up, 5 × 1 s measurement; override with
 * {@code -Dbench.jmh.forks}, {@code -Dbench.jmh.iterations}). Results: {@code target/bench/jmh.txt}
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
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(Integer.getInteger("bench.jmh.iterations", 5)).measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON).result(out.resolve("jmh.json").toString())
                .output(out.resolve("jmh.txt").toString())
                .build();
        new Runner(opts).run();
    }
}
