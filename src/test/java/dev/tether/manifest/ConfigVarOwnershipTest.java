package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.ConfigVarOwnership.Claimant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The one-owner rule as a pure function: who owns first, what counts as a claim, and its scale. */
class ConfigVarOwnershipTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Claimant app(Integer doc, String name, String... vars) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode configVars = spec.putObject("configVars");
        for (String v : vars) {
            configVars.put(v, "x");
        }
        return new Claimant(doc, Kind.HEROKU_APP, name, spec);
    }

    private static Claimant key(Integer doc, String name, String app, String var) {
        ObjectNode spec = JSON.createObjectNode();
        ObjectNode target = spec.putArray("targets").addObject().put("app", app);
        if (var != null) {
            target.put("configVar", var);
        }
        return new Claimant(doc, Kind.API_KEY, name, spec);
    }

    @Test
    void anApiKeyWithoutConfigVarClaimsInternalApiKey() {
        List<ManifestProblem> problems = ConfigVarOwnership.conflicts(List.of(app(null, "orders", "INTERNAL_API_KEY")),
                List.of(key(0, "k", "orders", null)));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).startsWith("ApiKey/k spec.targets[0]: configVar INTERNAL_API_KEY on HerokuApp/orders "
                    + "is already owned by HerokuApp/orders (spec.configVars.INTERNAL_API_KEY)");
            assertThat(p.document()).isZero();
            assertThat(p.path()).isEqualTo("spec.targets[0]");
        });
    }

    @Test
    void differentVarsOrDifferentAppsDoNotConflict() {
        assertThat(ConfigVarOwnership.conflicts(List.of(app(null, "orders", "LOG_LEVEL"), key(null, "a", "billing", null)),
                List.of(key(0, "b", "orders", null), key(1, "c", "billing", "SECOND_KEY")))).isEmpty();
    }

    @Test
    void theEarlierDocumentOwnsAndTheLaterIsNamed() {
        List<ManifestProblem> problems = ConfigVarOwnership.conflicts(List.of(),
                List.of(key(0, "a", "orders", null), app(1, "orders", "INTERNAL_API_KEY")));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.message()).startsWith(
                "HerokuApp/orders spec.configVars.INTERNAL_API_KEY: configVar INTERNAL_API_KEY on HerokuApp/orders is "
                        + "already owned by ApiKey/a (spec.targets[0], document 0)"));
    }

    @Test
    void findsEveryConflictAmongTenThousandClaimantsWithoutFalseOnes() {
        List<Claimant> stored = new ArrayList<>();
        List<Claimant> requested = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            stored.add(key(null, "stored-" + i, "app-" + i, null));
            // every hundredth request key takes a stored key's var; the others a var of their own
            requested.add(key(i, "new-" + i, "app-" + i, i % 100 == 0 ? null : "OWN_" + i));
        }

        List<ManifestProblem> problems = ConfigVarOwnership.conflicts(stored, requested);

        assertThat(problems).hasSize(50);
        assertThat(problems).extracting(ManifestProblem::name).allMatch(n -> Integer.parseInt(n.substring(4)) % 100 == 0);
        assertThat(ConfigVarOwnership.appsClaimedOn(requested)).hasSize(5000);
    }
}
