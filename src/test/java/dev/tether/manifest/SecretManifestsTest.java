package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The manifest side of DESIGN §2b: Secret, valueFrom and attach as the schema takes them, and the literal-secret warning. */
class SecretManifestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ManifestValidator validator = new ManifestValidator(new ManifestSchemas());

    private List<Manifest> validate(String kind, String spec) {
        JsonNode doc = JSON.readTree("{\"apiVersion\":\"tether.dev/v1\",\"kind\":\"" + kind
                + "\",\"metadata\":{\"name\":\"x-app\"},\"spec\":" + spec + "}");
        return validator.validate(List.of(doc));
    }

    private List<String> problems(String kind, String spec) {
        try {
            validate(kind, spec);
            return List.of();
        } catch (ManifestException.Invalid e) {
            return e.problems().stream().map(ManifestProblem::path).toList();
        }
    }

    @Test
    void readsLiteralsAndReferencesAndWhatTheyReferTo() {
        Manifest m = validate("HerokuApp", """
                {"configVars": {"A": "plain", "B": {"valueFrom": {"secret": "pay", "key": "k"}},
                                "C": {"valueFrom": {"app": "ctl-app", "field": "webHost"}}},
                 "addons": [{"attach": {"app": "db-owner", "addon": "DATABASE"}, "as": "SHARED"}]}""").getFirst();
        HerokuAppSpec spec = (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, m.spec());
        assertThat(spec.literalConfigVars()).containsExactly(java.util.Map.entry("A", "plain"));
        assertThat(spec.configVars().get("B").valueFrom().source()).isEqualTo(new ResourceKey(Kind.SECRET, "pay"));
        assertThat(spec.references()).containsExactlyInAnyOrder(new ResourceKey(Kind.SECRET, "pay"),
                new ResourceKey(Kind.HEROKU_APP, "ctl-app"), new ResourceKey(Kind.HEROKU_APP, "db-owner"));
        assertThat(spec.addons().getFirst().attached()).isTrue();
    }

    @ParameterizedTest(name = "{0} is refused at its path")
    @CsvSource(delimiter = '|', value = {
            "{\"configVars\": {\"X\": {\"valueFrom\": {\"secret\": \"pay\"}}}}                         | spec.configVars.X",
            "{\"configVars\": {\"X\": {\"valueFrom\": {\"app\": \"ctl-app\", \"field\": \"password\"}}}} | spec.configVars.X",
            "{\"configVars\": {\"X\": {\"valueFrom\": {\"secret\": \"p\", \"key\": \"k\", \"app\": \"a-b\"}}}} | spec.configVars.X",
            "{\"addons\": [{\"attach\": {\"app\": \"db-owner\", \"addon\": \"DATABASE\"}}]}             | spec.addons[0]",
            "{\"addons\": [{\"plan\": \"heroku-redis:mini\", \"attach\": {\"app\": \"db-owner\", \"addon\": \"R\"}, \"as\": \"R\"}]} | spec.addons[0]",
    })
    void refusesMalformedReferences(String spec, String path) {
        assertThat(problems("HerokuApp", spec)).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(path));
    }

    @Test
    void commonMistakesStillNameTheirPath() {
        assertThat(problems("HerokuApp", "{\"addons\": [{\"as\": \"DATABASE\"}]}")).contains("spec.addons[0].plan");
        assertThat(problems("HerokuApp", "{\"configVars\": {\"WEB_CONCURRENCY\": 4}}")).contains("spec.configVars.WEB_CONCURRENCY");
    }

    @Test
    void aSecretNeedsDataAndNeverEchoesAValue() {
        assertThat(problems("Secret", "{}")).containsExactly("spec.data");
        assertThatThrownBy(() -> validate("Secret", "{\"data\": {\"k\": 12345678}}"))
                .isInstanceOfSatisfying(ManifestException.Invalid.class, e -> {
                    assertThat(e.problems()).extracting(ManifestProblem::path).containsExactly("spec.data.k");
                    assertThat(e.problems().getFirst().value()).isNull();
                    assertThat(e.problems().getFirst().message()).doesNotContain("12345678");
                });
    }

    @ParameterizedTest(name = "{0}: warned {1}")
    @CsvSource({
            "STRIPE_SECRET_KEY, true", "GITHUB_TOKEN, true", "DB_PASSWORD_OLD, true", "WEBHOOK_SECRET, true",
            "LOG_LEVEL, false", "KEYBOARD_LAYOUT, false", "TOKENS_PER_MINUTE, false",
    })
    void warnsOfLiteralValuesUnderSecretLookingNames(String name, boolean warned) {
        Manifest m = validate("HerokuApp", "{\"configVars\": {\"" + name + "\": \"v-4711\", \"REF_KEY\": "
                + "{\"valueFrom\": {\"secret\": \"pay\", \"key\": \"k\"}}}}").getFirst();
        List<ApplyResult.Warning> warnings = LiteralSecretWarnings.of(m);
        assertThat(warnings).extracting(ApplyResult.Warning::path)
                .isEqualTo(warned ? List.of("spec.configVars." + name) : List.of());
        assertThat(warnings).allSatisfy(w -> assertThat(w.message()).contains("Secret").doesNotContain("v-4711"));
    }
}
