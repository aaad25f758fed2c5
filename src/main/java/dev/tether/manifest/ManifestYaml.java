package dev.tether.manifest;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes manifests as one multi-document YAML text a user can read, edit and POST back, each
 * document preceded by its comments (what was left out and why).
 */
public final class ManifestYaml {

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    /** One manifest and the comment lines written above it. */
    public record Document(ObjectNode manifest, List<String> comments) {
        public Document {
            comments = List.copyOf(comments);
        }
    }

    private ManifestYaml() {
    }

    /** The documents separated by {@code ---}, comments as {@code # } lines; empty text for none. */
    public static String write(List<Document> documents) {
        StringBuilder out = new StringBuilder();
        for (Document d : documents) {
            out.append("---\n");
            for (String c : d.comments()) {
                for (String line : c.split("\n")) {
                    out.append("# ").append(line).append('\n');
                }
            }
            out.append(YAML.writeValueAsString(d.manifest()));
        }
        return out.toString();
    }
}
