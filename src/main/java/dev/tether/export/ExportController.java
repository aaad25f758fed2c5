package dev.tether.export;

import dev.tether.manifest.ManifestYaml;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/export}: live Heroku and Kong as multi-document YAML manifests (DESIGN §5). */
@RestController
@RequestMapping("/api/v1")
class ExportController {

    private static final MediaType YAML = MediaType.parseMediaType("application/yaml;charset=UTF-8");

    private final LiveExport export;

    ExportController(LiveExport export) {
        this.export = export;
    }

    @GetMapping("/export")
    ResponseEntity<String> export(@RequestParam(name = "team", required = false) String team,
                  @RequestParam(name = "app", required = false) String app,
                  @RequestParam(name = "kongTag", required = false) String kongTag,
                  @RequestParam(name = "includeSecrets", defaultValue = "false") boolean includeSecrets) {
        String yaml = ManifestYaml.write(export.export(new LiveExport.Filter(blank(team), blank(app), blank(kongTag), includeSecrets)));
        // YAML whatever the client accepts: the answer is meant to be saved and POSTed back as it is
        return ResponseEntity.ok().contentType(YAML).body(yaml);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
