package dev.tether.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads {@code -f FILE|DIR}: YAML (multi-document) and JSON files, a directory's in name order. */
final class ManifestFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ManifestFiles() {
    }

    static List<JsonNode> read(List<Path> paths) {
        List<JsonNode> docs = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    for (Path f : s.filter(ManifestFiles::isManifest).sorted().toList()) {
                        docs.addAll(readFile(f));
                    }
                } catch (IOException e) {
                    throw new TetherCli.CliException("cannot read directory " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                docs.addAll(readFile(p));
            } else {
                throw new TetherCli.CliException("-f " + p + ": no such file or directory");
            }
        }
        if (docs.isEmpty()) {
            throw new TetherCli.CliException("no manifest documents found in " + paths);
        }
        return docs;
    }

    private static boolean isManifest(Path f) {
        String n = f.getFileName().toString();
        return Files.isRegularFile(f) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private static List<JsonNode> readFile(Path f) {
        List<JsonNode> docs = new ArrayList<>();
        try {
            String text = Files.readString(f);
            if (f.getFileName().toString().endsWith(".json")) {
                JsonNode n = ApiClient.JSON.readTree(text);
                if (n.isArray()) {
                    n.forEach(docs::add);
                } else {
                    docs.add(n);
                }
                return docs;
            }
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isObject() && n.isEmpty())) {
                        docs.add(n);
                    }
                }
            }
            return docs;
        } catch (IOException | RuntimeException e) {
            throw new TetherCli.CliException(f + ": " + e.getMessage());
        }
    }
}
