package dev.tether.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SpecDiffTest {

    private static final JsonMapper M = JsonMapper.builder().build();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                   | {}                                   | ''",
            "{\"a\":1}                            | {\"a\":1}                            | ''",
            "{\"a\":1}                            | {\"a\":2}                            | a",
            "{\"a\":1}                            | {}                                   | a",
            "{}                                   | {\"a\":{\"b\":1}}                    | a",
            "{\"f\":{\"web\":{\"q\":1}}}          | {\"f\":{\"web\":{\"q\":2}}}          | f.web.q",
            "{\"p\":[\"/a\"]}                     | {\"p\":[\"/a\",\"/b\"]}              | p",
            "{\"r\":[{\"n\":\"x\",\"p\":1}]}      | {\"r\":[{\"n\":\"x\",\"p\":2}]}      | r[0].p",
            "{\"r\":[{\"n\":\"x\"}]}              | {\"r\":[{\"n\":\"x\"},{\"n\":\"y\"}]} | r",
            "{\"a\":null}                         | {}                                   | ''",
            "{\"b\":1,\"a\":2}                    | {\"a\":2,\"b\":1}                    | ''",
    })
    void reportsLeafPathsThatDiffer(String from, String to, String expected) {
        List<String> paths = SpecDiff.diff(M.readTree(from), M.readTree(to), "").stream().map(SpecDiff.Change::path).toList();
        assertThat(String.join(",", paths)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"{\"a\":1} | {\"a\":2}", "{\"x\":[1]} | {}"})
    void diffOfADocumentWithItselfIsEmpty(String a, String ignored) {
        JsonNode n = M.readTree(a);
        assertThat(SpecDiff.diff(n, n.deepCopy(), "spec")).isEmpty();
    }
}
