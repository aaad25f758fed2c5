package dev.tether.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** {@code tether get [KIND [NAME]] [-o table|json|yaml]}. */
@Command(name = "get", description = "List resources, or show one.")
final class GetCommand implements Callable<Integer> {

    static final YAMLMapper YAML = YAMLMapper.builder().build();

    @ParentCommand
    TetherCli cli;

    @Parameters(index = "0", arity = "0..1", description = "Kind (HerokuApp, ApiKey, KongService, KongConsumer, KongGateway, Notifier)")
    String kind;

    @Parameters(index = "1", arity = "0..1", description = "Name")
    String name;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table, json or yaml")
    String output;

    @Override
    public Integer call() {
        if (!output.equals("table") && !output.equals("json") && !output.equals("yaml")) {
            throw new TetherCli.CliException("-o: '" + output + "' is not one of table, json, yaml");
        }
        ApiClient api = cli.api();
        if (name != null) {
            JsonNode doc = api.get("/api/v1/resources/" + enc(kind) + "/" + enc(name));
            if (!output.equals("table")) {
                print(doc);
                return 0;
            }
            TextTable t = header();
            JsonNode s = doc.path("status");
            JsonNode ready = condition(s, "Ready");
            JsonNode secured = condition(s, "Secured");
            t.row(doc.path("kind").asString(), doc.at("/metadata/name").asString(),
                    readyColumn(ready.path("status").asString(null), secured.path("status").asString(null)),
                    reasonColumn(ready.path("status").asString(null), ready.path("reason").asString(null),
                            secured.path("status").asString(null),
                            secured.path("reason").asString(null)), !s.path("drift").isEmpty(),
                    generation(doc.at("/metadata/generation").asLong(), s.path("observedGeneration")),
                    since(s.path("lastReconciledAt").asString(null)));
            t.print(cli.out);
            return 0;
        }
        JsonNode list = api.get("/api/v1/resources" + (kind == null ? "" : "?kind=" + enc(kind)));
        if (!output.equals("table")) {
            print(list);
            return 0;
        }
        TextTable t = header();
        for (JsonNode r : list.path("items")) {
            JsonNode s = r.path("status");
            String secured = s.path("secured").asString(null);
            t.row(r.path("kind").asString(), r.path("name").asString(), readyColumn(s.path("ready").asString(null), secured),
                    reasonColumn(s.path("ready").asString(null), s.path("reason").asString(null), secured, s.path("securedReason").asString(null)),
                    s.path("drifted").asBoolean(), generation(r.path("generation").asLong(), s.path("observedGeneration")),
                    since(s.path("lastReconciledAt").asString(null)));
        }
        if (t.size() == 0) {
            cli.err.println("No resources found.");
            return 0;
        }
        t.print(cli.out);
        return 0;
    }

    /**
     * READY as a person should read it: a broken lock (Secured=False) shows {@code Unsecured}
     * whatever Ready says, an unproven one (Unknown) {@code Unproven} instead of {@code True}.
     */
    static String readyColumn(String ready, String secured) {
        if ("False".equals(secured)) {
            return "Unsecured";
        }
        if (secured != null && !"True".equals(secured) && "True".equals(ready)) {
            return "Unproven";
        }
        return ready;
    }

    /** The lock's reason when the lock is what READY shows. */
    static String reasonColumn(String ready, String readyReason, String secured, String securedReason) {
        String shown = readyColumn(ready, secured);
        return "Unsecured".equals(shown) || "Unproven".equals(shown) ? securedReason : readyReason;
    }

    private void print(JsonNode n) {
        if (output.equals("json")) {
            cli.out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            cli.out.print(YAML.writeValueAsString(n));
        }
    }

    private static TextTable header() {
        return new TextTable("KIND", "NAME", "READY", "REASON", "DRIFTED", "GENERATION", "RECONCILED");
    }

    static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString())) {
                return c;
            }
        }
        return ApiClient.JSON.createObjectNode();
    }

    private static String generation(long gen, JsonNode observed) {
        return observed.isNumber() && observed.asLong() != gen ? gen + " (observed " + observed.asLong() + ")" : String.valueOf(gen);
    }

    static String since(String instant) {
        if (instant == null) {
            return null;
        }
        try {
            return TetherCli.age(Duration.between(Instant.parse(instant), Instant.now())) + " ago";
        } catch (RuntimeException e) {
            return instant;
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
