package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What Heroku reads from the repository (app.json, Procfile, system.properties) is valid and complete. */
class HerokuFilesTest {

    /** Set by Heroku itself, or meaningful only in sandbox mode on a laptop; never asked of a Button user. */
    private static final Set<String> NOT_FOR_APP_JSON = Set.of("PORT", "DATABASE_URL", "DYNO",
            "TETHER_DATA_DIR", "TETHER_SANDBOX_HEROKU_PORT", "TETHER_SANDBOX_KONG_ADMIN_PORT", "TETHER_SANDBOX_KONG_PROXY_PORT");

    static JsonNode appJson() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(Path.of("app.json")));
    }

    static Map<String, String> procfile() throws IOException {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("Procfile"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int colon = line.indexOf(':');
                types.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return types;
    }

    /** Every environment variable the code and the Procfile read. */
    static Set<String> variablesRead() throws IOException {
        Set<String> vars = new TreeSet<>();
        Matcher yml = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]").matcher(Files.readString(Path.of("src/main/resources/application.yml")));
        while (yml.find()) {
            vars.add(yml.group(1));
        }
        Pattern code = Pattern.compile("(?:getenv|containsProperty|getProperty|containsKey|get)\\(\"([A-Z][A-Z0-9_]{2,})\"");
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.toString().contains("/sandbox/")
                    && !p.toString().contains("/cli/")).toList()) {
                Matcher m = code.matcher(Files.readString(f));
                while (m.find()) {
                    vars.add(m.group(1));
                }
            }
        }
        Matcher proc = Pattern.compile("\\$([A-Z][A-Z0-9_]*)").matcher(String.join("\n", procfile().values()));
        while (proc.find()) {
            vars.add(proc.group(1));
        }
        return vars;
    }

    @Test
    void appJsonDeclaresEveryVariableTheCodeReads() throws IOException {
        JsonNode env = appJson().path("env");
        Set<String> read = variablesRead();
        assertThat(read).contains("HEROKU_API_KEY", "TETHER_API_TOKEN", "TETHER_LOG_FORMAT", "JAVA_OPTS", "PORT");
        Set<String> missing = new TreeSet<>();
        for (String v : read) {
            if (!NOT_FOR_APP_JSON.contains(v) && !env.has(v)) {
                missing.add(v);
            }
        }
        assertThat(missing).as("read by Tether but not declared in app.json's env").isEmpty();
        env.properties().forEach(e -> assertThat(e.getValue().path("description").asString())
                .as("app.json env " + e.getKey() + " has a description").isNotBlank());
    }

    @Test
    void appJsonIsAHerokuButtonForTheJavaBuildpackWithItsAddOnsAndFormation() throws IOException {
        JsonNode app = appJson();
        assertThat(app.path("name").asString()).isEqualTo("Tether");
        assertThat(app.at("/buildpacks/0/url").asString()).isEqualTo("heroku/java");
        assertThat(app.path("addons").findValuesAsString("plan"))
                .anyMatch(p -> p.startsWith("heroku-postgresql")).anyMatch(p -> p.startsWith("scheduler"));
        assertThat(app.at("/formation/web/quantity").asInt()).isEqualTo(1);
        assertThat(app.at("/formation/worker/quantity").asInt()).isEqualTo(1);
        assertThat(app.at("/env/TETHER_API_TOKEN/generator").asString()).isEqualTo("secret");
        assertThat(app.at("/env/TETHER_ENCRYPTION_KEY/generator").asString()).isEqualTo("secret");
        assertThat(app.at("/env/HEROKU_API_KEY/required").asBoolean()).isTrue();
        for (String v : Set.of("KONG_ADMIN_URL", "KONG_ADMIN_TOKEN", "TETHER_PUBLIC_URL")) {
            assertThat(app.path("env").has(v)).as(v).isTrue();
        }
        assertThat(procfile().keySet()).as("every formation entry is a Procfile process type")
                .containsAll(() -> app.path("formation").propertyNames().iterator());
    }

    @Test
    void procfileRunsEachRoleFromTheBuiltJarWithinA512MbDyno() throws IOException {
        Map<String, String> types = procfile();
        assertThat(types).containsOnlyKeys("web", "worker", "release");
        String jar = "target/" + finalName() + ".jar";
        assertThat(types.get("web")).contains("-Dserver.port=$PORT").contains("-jar " + jar + " web");
        assertThat(types.get("worker")).contains("-jar " + jar + " worker").doesNotContain("$PORT");
        assertThat(types.get("release")).contains("-jar " + jar + " migrate");
        // the long-running roles start through bin/dyno (unpacked jar, class data sharing off a dyno)
        assertThat(types.get("web")).startsWith("bin/dyno java ");
        assertThat(types.get("worker")).startsWith("bin/dyno java ");
        assertThat(types.get("release")).startsWith("java ");
        for (String cmd : types.values()) {
            assertThat(cmd).contains("java ").contains("-Xmx256m").contains("-XX:+ExitOnOutOfMemoryError");
            // $JAVA_OPTS comes after the defaults, so a user's flag wins
            assertThat(cmd.indexOf("$JAVA_OPTS")).isGreaterThan(cmd.indexOf("-Xmx256m"));
        }
    }

    @Test
    void systemPropertiesNamesTheJavaVersionThePomBuildsFor() throws IOException {
        String props = Files.readString(Path.of("system.properties"));
        Matcher pom = Pattern.compile("<java.version>(\\d+)</java.version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(pom.find()).isTrue();
        assertThat(props).contains("java.runtime.version=" + pom.group(1));
    }

    private static String finalName() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher artifact = Pattern.compile("</parent>\\s*<groupId>[^<]+</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(artifact.find()).isTrue();
        return artifact.group(1) + "-" + artifact.group(2);
    }
}
