package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.ApiTestBase;
import dev.tether.TetherApi.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Structure-aware fuzzing of the manifest endpoint (issue 9): 300 bad manifests derived from
 * the valid examples in {@code manifests/} (wrong types, missing fields, huge strings, deep
 * nesting, unknown kinds, invalid UTF-8, duplicate keys), each answered with a 4xx and none
 * changing the store. Seeded, so a failure reproduces.
 */
class ManifestFuzzIT extends ApiTestBase {

    private static final long SEED = Long.getLong("fuzz.seed", 9L);
    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private record Case(String what, String contentType, byte[] body) {
    }

    private static List<ObjectNode> seeds() throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("manifests"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (String doc : Files.readString(f).split("(?m)^---\\s*$")) {
                    if (doc.contains("kind:")) {
                        docs.add((ObjectNode) YAML.readTree(doc));
                    }
                }
            }
        }
        return docs;
    }

    private static List<Case> cases() throws IOException {
        List<ObjectNode> seeds = seeds();
        Random rnd = new Random(SEED);
        List<Case> out = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ObjectNode doc = seeds.get(rnd.nextInt(seeds.size())).deepCopy();
            String name = doc.at("/metadata/name").asString();
            switch (i % 10) {
                case 0 -> { // wrong type at the top or in metadata
                    String field = List.of("spec", "metadata", "kind", "apiVersion").get(rnd.nextInt(4));
                    doc.put(field, rnd.nextBoolean() ? 42 : 0.5);
                    out.add(json("wrong type " + field, doc));
                }
                case 1 -> { // wrong type for metadata.name or a labels map
                    ObjectNode meta = (ObjectNode) doc.get("metadata");
                    if (rnd.nextBoolean()) {
                        meta.putArray("name").add(name);
                    } else {
                        meta.put("labels", "not-a-map");
                    }
                    out.add(yaml("wrong type in metadata", doc));
                }
                case 2 -> { // a required field missing
                    String field = List.of("kind", "apiVersion", "metadata").get(rnd.nextInt(3));
                    doc.remove(field);
                    out.add(json("missing " + field, doc));
                }
                case 3 -> { // metadata.name missing
                    ((ObjectNode) doc.get("metadata")).remove("name");
                    out.add(yaml("missing metadata.name", doc));
                }
                case 4 -> { // huge strings
                    String huge = "x".repeat(100_000 + rnd.nextInt(900_000));
                    if (rnd.nextBoolean()) {
                        ((ObjectNode) doc.get("metadata")).put("name", huge);
                    } else {
                        doc.put("kind", huge);
                    }
                    out.add(json("huge string", doc));
                }
                case 5 -> { // deep nesting under spec (an unknown field, however deep)
                    ObjectNode spec = doc.has("spec") && doc.get("spec").isObject() ? (ObjectNode) doc.get("spec") : doc.putObject("spec");
                    spec.put("nested" + i, "DEEP");
                    int depth = 10 + rnd.nextInt(3000);
                    // written as text: Jackson's own writer refuses more than 500 levels
                    String deep = "{\"n\":".repeat(depth) + "{}" + "}".repeat(depth);
                    String text = JSON.writeValueAsString(doc).replace("\"DEEP\"", deep);
                    out.add(new Case("deep nesting " + depth, "application/json", text.getBytes(StandardCharsets.UTF_8)));
                }
                case 6 -> { // unknown kinds
                    doc.put("kind", List.of("Frobnicator", "herokuapp", "HerokuApps", "Kong", "")
                            .get(rnd.nextInt(5)));
                    out.add(yaml("unknown kind", doc));
                }
                case 7 -> { // invalid UTF-8 inside a value
                    byte[] text = YAML.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8);
                    int at = indexOf(text, name.getBytes(StandardCharsets.UTF_8));
                    byte[] bad = List.of(new byte[] {(byte) 0xC3, 0x28}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xE2, (byte) 0x82})
                            .get(rnd.nextInt(3));
                    byte[] body = new byte[text.length + bad.length];
                    System.arraycopy(text, 0, body, 0, at);
                    System.arraycopy(bad, 0, body, at, bad.length);
                    System.arraycopy(text, at, body, at + bad.length, text.length - at);
                    out.add(new Case("invalid UTF-8", rnd.nextBoolean() ? "application/yaml" : "application/json", body));
                }
                case 8 -> { // duplicate keys, at the top or in metadata
                    String text = YAML.writeValueAsString(doc);
                    String dup = rnd.nextBoolean()
                            ? text.replaceFirst("(?m)^kind: (.*)$", "kind: $1\nkind: $1")
                            : text.replaceFirst("(?m)^  name: (.*)$", "  name: $1\n  name: $1-twin");
                    if (dup.equals(text)) {
                        dup = text + "kind: Twice\n";
                    }
                    out.add(new Case("duplicate key", "application/yaml", dup.getBytes(StandardCharsets.UTF_8)));
                }
                default -> { // wrong type somewhere in spec: the spec as an array or a scalar
                    JsonNode spec = doc.get("spec");
                    ArrayNode arr = doc.arrayNode();
                    if (spec != null) {
                        arr.add(spec);
                    }
                    if (rnd.nextBoolean()) {
                        doc.set("spec", arr);
                    } else {
                        doc.put("spec", "spec-as-a-string");
                    }
                    out.add(yaml("spec of the wrong type", doc));
                }
            }
        }
        return out;
    }

    private static Case json(String what, JsonNode doc) {
        return new Case(what, "application/json", JSON.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
    }

    private static Case yaml(String what, JsonNode doc) {
        return new Case(what, "application/yaml", YAML.writeValueAsString(doc).getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return hay.length / 2;
    }

    private Map<String, String> store() {
        Map<String, String> m = new TreeMap<>();
        api.get("/api/v1/resources").json().get("items").forEach(r ->
                m.put(r.get("kind").asString() + "/" + r.get("name").asString(),
                        r.get("generation").asString() + "@" + r.get("resourceVersion").asString()));
        return m;
    }

    @Test
    void threeHundredBadManifestsAreAll4xxAndChangeNothing() throws IOException {
        List<Case> cases = cases();
        assertThat(cases).hasSize(300);
        Map<String, String> before = store();
        List<String> wrong = new ArrayList<>();
        for (Case c : cases) {
            Response r = api.post("/api/v1/manifests", c.contentType(), c.body(), Map.of());
            if (r.status() < 400 || r.status() >= 500) {
                wrong.add(c.what() + " -> " + r.status() + " " + r.body().substring(0, Math.min(200, r.body().length())));
            }
        }
        assertThat(wrong).as("cases not answered with a 4xx").isEmpty();
        assertThat(store()).as("the store after 300 bad manifests").isEqualTo(before);
    }
}
