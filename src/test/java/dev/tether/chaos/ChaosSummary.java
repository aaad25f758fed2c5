package dev.tether.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the chaos runs measured, one row per scenario, rewritten to
 * {@code target/chaos/summary.md} (soaks) or {@code target/chaos/summary-fast.md} (default
 * suite) after each scenario so a run that fails later still leaves the rows it finished.
 */
final class ChaosSummary {

    private static final List<String[]> ROWS = new ArrayList<>();

    private ChaosSummary() {
    }

    static synchronized void row(String file, String scenario, String result, String measured) {
        ROWS.add(new String[] {file, scenario, result, measured});
        StringBuilder md = new StringBuilder("# Chaos harness\n\n")
                .append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(System.getProperty("java.version")).append(", ").append(System.getProperty("os.name")).append('\n')
                .append("Command: `./mvnw -B -Pchaos verify` (soaks) / `./mvnw -B verify` (fast cases)\n\n")
                .append("| Scenario | Result | Measured |\n|---|---|---|\n");
        ROWS.stream().filter(r -> r[0].equals(file)).forEach(r ->
                md.append("| ").append(r[1]).append(" | ").append(r[2]).append(" | ").append(r[3].replace("|", "/")).append(" |\n"));
        try {
            Path out = Path.of("target", "chaos", file);
            Files.createDirectories(out.getParent());
            Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("CHAOS " + scenario + " | " + result + " | " + measured);
    }
}
