package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example manifests read as typed specs with the documented defaults. */
class ManifestModelTest {

    private final ManifestParser parser = new ManifestParser();
    private final ManifestValidator validator = new ManifestValidator(new ManifestSchemas());

    private List<Manifest> read(String file) throws IOException {
        return validator.validate(parser.parse(Files.readAllBytes(Path.of("manifests", file)), ManifestParser.Format.YAML));
    }

    @Test
    void readsEveryExampleAsTheRecordOfItsKind() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("manifests"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (Manifest m : read(f.getFileName().toString())) {
                    assertThat(ResourceSpec.of(m.kind(), m.spec())).as(m.key()).isNotNull();
                }
            }
        }
    }

    @Test
    void appliesDefaultsWhenReadingNotWhenStoring() throws IOException {
        List<Manifest> docs = read("flask-postgres.yaml");
        HerokuAppSpec app = (HerokuAppSpec) ResourceSpec.of(docs.getFirst().kind(), docs.getFirst().spec());
        assertThat(app.formation().get("web").quantity()).isEqualTo(2);
        assertThat(app.formation().get("web").size()).isEqualTo("Standard-1X");
        assertThat(app.addons().getFirst().as()).isEqualTo("DATABASE");
        assertThat(app.deletion()).isEqualTo(DeletionPolicy.ORPHAN);
        assertThat(app.drift().mode()).isEqualTo(DriftPolicy.Mode.REVERT);
        assertThat(app.drift().ignores("configVars.NEW_RELIC_APP_NAME")).isTrue();
        assertThat(docs.getFirst().spec().has("deletionPolicy")).isFalse();

        ApiKeySpec key = (ApiKeySpec) ResourceSpec.of(Kind.API_KEY, read("weather-api.yaml").get(1).spec());
        assertThat(key.headerOrDefault()).isEqualTo("X-Internal-API-Key");
        assertThat(key.targets().getFirst().configVarOrDefault()).isEqualTo("INTERNAL_API_KEY");
    }

    @Test
    void reportsEveryProblemOfEveryDocumentAtOnce() {
        String yaml = """
                apiVersion: tether.dev/v1
                kind: HerokuApp
                metadata: {name: Bad_Name}
                spec: {formation: {web: {quantity: -3, size: Huge}}, region: mars}
                ---
                apiVersion: tether.dev/v1
                kind: ApiKey
                metadata: {name: k}
                spec: {length: 4}
                """;
        ManifestException.Invalid e = org.junit.jupiter.api.Assertions.assertThrows(ManifestException.Invalid.class,
                () -> validator.validate(parser.parse(yaml.getBytes(), ManifestParser.Format.YAML)));
        assertThat(e.problems()).extracting(ManifestProblem::path).containsExactlyInAnyOrder(
                "metadata.name", "spec.formation.web.quantity", "spec.formation.web.size", "spec.region", "spec.length");
        assertThat(e.problems()).extracting(ManifestProblem::message).contains(
                "spec.formation.web.quantity: must be at least 0, got -3",
                "spec.length: must be at least 16, got 4",
                "spec.region: 'mars' is not one of us, eu, virginia, oregon, frankfurt, tokyo, sydney, dublin, montreal, mumbai, singapore");
    }
}
