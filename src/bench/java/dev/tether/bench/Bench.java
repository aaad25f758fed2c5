package dev.tether.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Percentiles and the Markdown the benchmarks write to {@code target/bench/}. */
final class Bench {

    static final Path OUT = Path.of("target/bench");

    private Bench() {
    }

    /** Nearest-rank percentile (p99 of 200 runs is the 198th smallest). */
    static double pct(List<Double> values, double p) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int idx = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(idx, s.size() - 1)));
    }

    static String ms(double ms) {
        return ms >= 10_000 ? String.format(Locale.ROOT, "%,.1f s", ms / 1000) : String.format(Locale.ROOT, "%,.0f ms", ms);
    }

    /** {@code | runs | median | p90 | p99 | max |} cells for a list of milliseconds. */
    static String row(List<Double> ms) {
        return String.format(Locale.ROOT, "%d | %s | %s | %s | %s", ms.size(), ms(pct(ms, 50)), ms(pct(ms, 90)),
                ms(pct(ms, 99)), ms(Collections.max(ms)));
    }

    /** Collects lines and writes them to {@code target/bench/<file>}. */
    static final class Report {
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder aims = new StringBuilder();

        /** One row of the "aims at a glance" table ({@code target/bench/aims/<file>}) that bench/tables.sh assembles. */
        Report aim(String figure, String measured, String aim, boolean met) {
            aims.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", figure, measured, aim, met ? "met" : "**not met**"));
            return this;
        }

        Report line(String format, Object... args) {
            text.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
            return this;
        }

        void write(String file) {
            try {
                Path load = Path.of("/proc/loadavg");
                if (Files.isReadable(load)) {
                    String[] avg = Files.readString(load).split(" ");
                    line("");
                    line("_Load average on the %d cores when this scenario finished: %s (1 min), %s (5 min); other builds "
                            + "share the machine._", Runtime.getRuntime().availableProcessors(), avg[0], avg[1]);
                }
                Files.createDirectories(OUT);
                Files.writeString(OUT.resolve(file), text.toString());
                Files.createDirectories(OUT.resolve("aims"));
                Files.writeString(OUT.resolve("aims").resolve(file), aims.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.out.println(text);
        }
    }
}
