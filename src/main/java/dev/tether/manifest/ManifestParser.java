package dev.tether.manifest;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a POST body into documents: multi-document YAML, or JSON (one object or an array of
 * them). Duplicate keys, invalid UTF-8, trailing garbage and YAML tags ({@code !!binary}) are errors,
 * not silently resolved.
 */
@Component
public class ManifestParser {

    /** The body formats {@code POST /manifests} takes. */
    public enum Format { JSON, YAML }

    private final JsonMapper json = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final YAMLMapper yaml = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public List<JsonNode> parse(byte[] body, Format format) {
        String text = decodeUtf8(body);
        if (text.isBlank()) {
            throw malformed("the body is empty: send one or more manifest documents");
        }
        return switch (format) {
            case JSON -> parseJson(text);
            case YAML -> parseYaml(text);
        };
    }

    private List<JsonNode> parseJson(String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JacksonException e) {
            throw malformed("malformed JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        }
        List<JsonNode> docs = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(docs::add);
        } else {
            docs.add(root);
        }
        if (docs.isEmpty()) {
            throw malformed("the JSON array is empty: send one or more manifest documents");
        }
        return docs;
    }

    private List<JsonNode> parseYaml(String text) {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(text)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                // "---" separators with nothing between them are not documents.
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(doc);
                }
            }
        } catch (JacksonException e) {
            throw malformed("malformed YAML" + where(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()));
        }
        if (docs.isEmpty()) {
            throw malformed("the YAML holds no documents: send one or more manifest documents");
        }
        List<ManifestProblem> tags = YamlTags.find(text);
        if (!tags.isEmpty()) {
            throw new ManifestException.Malformed(tags.getFirst().message(), tags);
        }
        return docs;
    }

    private static String decodeUtf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("the body is not valid UTF-8");
        }
    }

    private static String where(TokenStreamLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return "";
        }
        return " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static ManifestException.Malformed malformed(String message) {
        return new ManifestException.Malformed(message,
                List.of(new ManifestProblem(null, null, null, "", message, null)));
    }
}
