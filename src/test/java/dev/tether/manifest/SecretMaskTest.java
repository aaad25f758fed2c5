package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Drift values are shown only where the spec itself declares a plain value. */
class SecretMaskTest {

    private static final HerokuAppSpec SPEC = new HerokuAppSpec(null, null, null, null, null, null, null,
            Map.of("LOG_LEVEL", ConfigVar.literal("info"), "STRIPE_KEY", ConfigVar.literal("sk_live_declared"),
                    "SIGNING", new ConfigVar(null, new ConfigVar.ValueFrom("signing", "value", null, null)),
                    "ORIGIN", new ConfigVar(null, new ConfigVar.ValueFrom(null, null, "controller", "webUrl"))), "exact", null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    @ParameterizedTest(name = "{0} = {1} shows as {2}")
    @CsvSource({
            "configVars.LOG_LEVEL,        debug,        debug",
            "configVars.MY_CREDS,         hunter2,      (secret)",
            "configVars.FEATURE_FLAGS,    'a=1,b=2',    (secret)",
            "configVars.STRIPE_KEY,       sk_live_new,  (secret)",
            "configVars.SIGNING,          from-secret,  (secret)",
            "configVars.ORIGIN,           https://c.example/, https://c.example/",
            "configVars.DATABASE_URL,     postgres://u:p@h/d, (secret)",
            "formation.web.quantity,      3,            3",
            "domains[api.example.com],    true,         true",
    })
    void showsOnlyDeclaredPlainConfigVars(String path, String observed, String shown) {
        assertThat(SecretMask.maskAppDrift(SPEC, path, observed)).isEqualTo(shown);
    }

    @ParameterizedTest(name = "without a spec, {0} is masked")
    @CsvSource({"configVars.LOG_LEVEL", "configVars.MY_CREDS"})
    void masksEveryConfigVarWithoutASpec(String path) {
        assertThat(SecretMask.maskAppDrift(null, path, "value")).isEqualTo(SecretMask.MASK);
    }

    @ParameterizedTest(name = "{0} is shown")
    @CsvSource({"spec.plugins[0].config.key_names[0]", "spec.plugins[0].config.hide_credentials",
            "spec.plugins[0].config.key_in_header"})
    void kongPluginSettingsThatNameNoSecretAreShown(String path) {
        assertThat(SecretMask.isSecretPath(path)).isFalse();
    }

    @ParameterizedTest(name = "{0} is masked")
    @CsvSource({"spec.plugins[0].config.api_key", "spec.plugins[0].config.client_secret", "spec.configVars.STRIPE_KEY"})
    void secretValuesStayMasked(String path) {
        assertThat(SecretMask.isSecretPath(path)).isTrue();
        assertThat(SecretMask.maskPlain(path, "v")).isEqualTo(SecretMask.MASK);
    }
}
