package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** YAML tags are refused where they are, not silently turned into bytes or numbers. */
class ManifestParserTest {

    private final ManifestParser parser = new ManifestParser();

    private static final String DOC = """
            apiVersion: tether.dev/v1
            kind: HerokuApp
            metadata: {name: tagged}
            spec:
              configVars:
                PLAIN: "1.5"
                %s
            ---
            apiVersion: tether.dev/v1
            kind: ApiKey
            metadata: {name: tagged-key}
            spec:
              targets:
                - app: tagged
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "BLOB: !!binary aGVsbG8=        | spec.configVars.BLOB  | !!binary | line 7",
            "RATIO: !!float 1               | spec.configVars.RATIO | !!float  | line 7",
            "MODE: !foo bar                 | spec.configVars.MODE  | !foo     | line 7",
            "LIST: !!seq [a]                | spec.configVars.LIST  | !!seq    | line 7",
    })
    void refusesATagNamingItsPathAndLine(String line, String path, String tag, String where) {
        byte[] body = DOC.formatted(line).getBytes(StandardCharsets.UTF_8);
        ManifestException.Malformed e = catchThrowableOfType(ManifestException.Malformed.class,
                () -> parser.parse(body, ManifestParser.Format.YAML));
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(1);
        ManifestProblem p = e.problems().getFirst();
        assertThat(p.path()).isEqualTo(path);
        assertThat(p.message()).startsWith(path + ": the YAML tag '" + tag + "'").contains(where);
    }

    @Test
    void findsATagInTheSecondDocumentInsideAList() {
        String yaml = DOC.formatted("OK: yes").replace("- app: tagged", "- app: !!str tagged");
        ManifestException.Malformed e = catchThrowableOfType(ManifestException.Malformed.class,
                () -> parser.parse(yaml.getBytes(StandardCharsets.UTF_8), ManifestParser.Format.YAML));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.targets[0].app");
            assertThat(p.document()).isEqualTo(1);
        });
    }

    @Test
    void plainYamlStillParses() {
        assertThat(parser.parse(DOC.formatted("OK: \"yes\"").getBytes(StandardCharsets.UTF_8), ManifestParser.Format.YAML)).hasSize(2);
    }
}
