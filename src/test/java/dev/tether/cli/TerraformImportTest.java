package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.manifest.ManifestYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The example state of the POC's shape, turned into manifests without a server. */
class TerraformImportTest {

    static final String KEY = "nIYoDPJ0MvhIhCLLdXMnp7oV5yZG9gO84euWlzbAb2c";

    static TerraformImport.Result example(boolean includeSecrets) throws IOException {
        return TerraformImport.convert(ApiClient.JSON.readTree(Files.readString(Path.of("examples/terraform/terraform.tfstate"))),
                includeSecrets);
    }

    static JsonNode doc(TerraformImport.Result r, String kind, String name) {
        return r.documents().stream().map(ManifestYaml.Document::manifest)
                .filter(m -> m.path("kind").asString().equals(kind) && m.at("/metadata/name").asString().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + "/" + name + " in " + r.documents()));
    }

    @Test
    void referencesBetweenResourcesBecomeTetherReferences() throws IOException {
        TerraformImport.Result r = example(false);
        JsonNode key = doc(r, "ApiKey", "internal-key").path("spec");
        assertThat(key.path("targets").toString()).isEqualTo("[{\"app\":\"kong-micro-wasabi\"}]");
        assertThat(key.path("length").asInt()).isEqualTo(32);
        assertThat(key.path("adoptExisting").asBoolean()).isTrue();

        JsonNode svc = doc(r, "KongService", "wasabi").path("spec");
        assertThat(svc.path("upstream").toString()).as("the service's URL is the app's web_url").isEqualTo("{\"app\":\"kong-micro-wasabi\"}");
        assertThat(svc.path("apiKeyRef").asString()).as("the header holding the key is the key's reference").isEqualTo("internal-key");
        assertThat(svc.path("routes").toString()).isEqualTo(
                "[{\"name\":\"wasabi\",\"paths\":[\"/wasabi\"],\"protocols\":[\"http\",\"https\"],\"stripPath\":true,\"preserveHost\":false}]");
        assertThat(svc.path("plugins").toString()).as("the route's plugin by route_id; the key plugin is the apiKeyRef")
                .isEqualTo("[{\"name\":\"rate-limiting\",\"route\":\"wasabi\",\"config\":{\"minute\":60,\"policy\":\"local\"}}]");

        JsonNode proxy = doc(r, "HerokuApp", "kong-micro-proxy").path("spec");
        assertThat(proxy.path("addons").toString()).isEqualTo("[{\"plan\":\"heroku-postgresql:essential-0\",\"as\":\"DATABASE\"}]");
        assertThat(proxy.path("domains").toString()).isEqualTo("[\"kong-micro-proxy.example.com\"]");
        assertThat(proxy.path("configVars").toString()).isEqualTo("{\"HELLO_WORLD_MESSAGE\":\"hello from kong\"}");
        JsonNode wasabi = doc(r, "HerokuApp", "kong-micro-wasabi").path("spec");
        assertThat(wasabi.path("formation").toString()).isEqualTo("{\"web\":{\"quantity\":2,\"size\":\"Standard-1X\"}}");
        assertThat(wasabi.path("configVars").toString()).as("the key's var belongs to the ApiKey, the secret is left out")
                .isEqualTo("{\"GREETING\":\"wasabi says hi\"}");
        assertThat(doc(r, "KongConsumer", "mobile-app").path("spec").toString())
                .isEqualTo("{\"username\":\"mobile-app\",\"customId\":\"mobile-42\",\"adoptExisting\":true}");
    }

    @Test
    void unknownTypesAndWhatIsNotCarriedOverAreListedNeverDropped() throws IOException {
        TerraformImport.Result r = example(false);
        assertThat(r.unknown()).containsExactly("dnsimple_record.proxy");
    }

    @Test
    void theReleasedSlugAndTheAttachmentOfAnotherAppsAddonAreCarriedOver() throws IOException {
        TerraformImport.Result r = example(false);
        JsonNode wasabi = doc(r, "HerokuApp", "kong-micro-wasabi").path("spec");
        assertThat(wasabi.path("release").toString()).as("heroku_app_release's slug is what runs")
                .isEqualTo("{\"slug\":\"384bd04a-665e-4448-967f-1df3a9f78e32\"}");
        assertThat(wasabi.path("addons").toString()).as("heroku_addon_attachment: the proxy's add-on by its as-name")
                .isEqualTo("[{\"attach\":{\"app\":\"kong-micro-proxy\",\"addon\":\"DATABASE\"},\"as\":\"PROXY_DATABASE\"}]");
        assertThat(doc(r, "HerokuApp", "kong-micro-proxy").path("spec").has("release")).as("no release in the state for it").isFalse();
        assertThat(r.notes()).noneMatch(n -> n.contains("heroku_app_release") || n.contains("heroku_addon_attachment"));
    }

    @Test
    void secretsStayOutUnlessAsked() throws IOException {
        String yaml = ManifestYaml.write(example(false).documents());
        assertThat(yaml).doesNotContain(KEY).doesNotContain("7d1f0c9e2b8a4e6f9a3c5d7e1b2f4a6c").doesNotContain("p9f2c1d8e7b6a5")
                .contains("# configVars.SESSION_SECRET holds a secret");
        assertThat(example(false).documents()).noneMatch(d -> d.manifest().path("kind").asString().equals("Secret"));
        TerraformImport.Result r = example(true);
        String withSecrets = ManifestYaml.write(r.documents());
        assertThat(withSecrets).as("the key is adopted from the app, never written, even when secrets are asked for").doesNotContain(KEY);
        assertThat(doc(r, "Secret", "kong-micro-wasabi-secrets").path("spec").toString()).as("the value is only in the Secret")
                .isEqualTo("{\"data\":{\"SESSION_SECRET\":\"7d1f0c9e2b8a4e6f9a3c5d7e1b2f4a6c\"}}");
        assertThat(doc(r, "HerokuApp", "kong-micro-wasabi").at("/spec/configVars").toString())
                .isEqualTo("{\"GREETING\":\"wasabi says hi\",\"SESSION_SECRET\":{\"valueFrom\":"
                        + "{\"secret\":\"kong-micro-wasabi-secrets\",\"key\":\"SESSION_SECRET\"}}}");
        List<String> order = r.documents().stream().map(d -> d.manifest().at("/metadata/name").asString()).toList();
        assertThat(order.indexOf("kong-micro-wasabi-secrets")).as("the Secret comes before the app that refers to it")
                .isLessThan(order.indexOf("kong-micro-wasabi"));
    }

    @Test
    void refusesAStateOfAnotherFormatVersion() {
        assertThatThrownBy(() -> TerraformImport.convert(ApiClient.JSON.readTree("{\"version\":3,\"modules\":[]}"), false))
                .hasMessageContaining("format version 4");
    }

    @Test
    void namesBecomeDnsLabels() {
        assertThat(List.of(TerraformImport.dnsLabel("internal_key"), TerraformImport.dnsLabel("Wasabi Hostname"),
                TerraformImport.dnsLabel("1st")))
                .containsExactly("internal-key", "wasabi-hostname", "r-1st");
    }
}
