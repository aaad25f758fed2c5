package dev.tether;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The top-level packages of the product code ({@code dev.tether.X} in src/main/java) form no
 * cycle (STYLE.md: "a cycle between packages is a design question"), and nothing but the sandbox
 * itself and the launcher imports the sandbox. Read from the sources: every {@code import} and
 * every fully qualified {@code dev.tether.x.Type} in code, comments left out.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/tether");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.tether\\.([a-z][a-z0-9]*)\\.(?:[a-z0-9]+\\.)*[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\\\n])*\"");

    @Test
    void productPackagesFormNoCycle() {
        Map<String, Set<String>> graph = packageGraph();

        assertThat(graph).as("packages read from %s", SOURCES).containsKeys("heroku", "kong", "keys", "manifest", "reconcile", "status");
        assertThat(cycles(graph)).as("package cycles in the product code (each as a path back to its start)").isEmpty();
    }

    @Test
    void onlyTheLauncherAndTheSandboxReferToTheSandbox() {
        Map<String, Set<String>> graph = packageGraph();

        List<String> users = graph.entrySet().stream().filter(e -> e.getValue().contains("sandbox"))
                .map(Map.Entry::getKey).toList();
        assertThat(users).as("product packages importing dev.tether.sandbox").isEmpty();
    }

    @Test
    void findsACycleAndNamesIt() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));

        assertThat(cycles(graph)).containsExactly("a -> b -> c -> a");
    }

    /** Package → the other top-level packages its classes refer to (the launcher in dev.tether itself is left out). */
    static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java") && !f.getParent().equals(SOURCES)).forEach(f -> {
                String from = SOURCES.relativize(f).getName(0).toString();
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(code(f));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return graph;
    }

    private static String code(Path file) {
        try {
            String text = Files.readString(file);
            return COMMENT.matcher(STRING.matcher(text).replaceAll("\"\"")).replaceAll(" ");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each cycle once, as {@code a -> b -> a}, starting at its alphabetically first package. */
    static Set<String> cycles(Map<String, Set<String>> graph) {
        Set<String> found = new TreeSet<>();
        for (String start : graph.keySet()) {
            Deque<List<String>> paths = new ArrayDeque<>();
            paths.push(List.of(start));
            Set<String> seen = new HashSet<>();
            while (!paths.isEmpty()) {
                List<String> path = paths.pop();
                String last = path.getLast();
                for (String next : graph.getOrDefault(last, Set.of())) {
                    if (next.equals(start)) {
                        if (path.stream().allMatch(p -> p.compareTo(start) >= 0)) {
                            List<String> cycle = new ArrayList<>(path);
                            cycle.add(start);
                            found.add(String.join(" -> ", cycle));
                        }
                    } else if (next.compareTo(start) > 0 && seen.add(next)) {
                        List<String> longer = new ArrayList<>(path);
                        longer.add(next);
                        paths.push(longer);
                    }
                }
            }
        }
        return found;
    }
}
