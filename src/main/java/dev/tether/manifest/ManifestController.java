package dev.tether.manifest;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/** {@code POST /api/v1/manifests}: apply (or dry-run) one or many manifest documents. */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ManifestController {

    static final String API_ACTOR = "api";

    private final ManifestParser parser;
    private final ManifestValidator validator;
    private final DesiredStateStore store;
    private final DryRunPreview previews;
    private final ApiProperties limits;

    ManifestController(ManifestParser parser, ManifestValidator validator, DesiredStateStore store,
                       DryRunPreview previews, ApiProperties limits) {
        this.limits = limits;
        this.parser = parser;
        this.validator = validator;
        this.store = store;
        this.previews = previews;
    }

    @PostMapping("/manifests")
    ApplyResult apply(HttpServletRequest request,
                      @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun,
                      @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        ManifestParser.Format format = RequestBodies.format(request);
        byte[] body = RequestBodies.read(request);
        List<JsonNode> documents = parser.parse(body, format);
        if (documents.size() > limits.maxDocuments()) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE, String.format(Locale.ROOT,
                    "this request holds %,d documents and at most %,d are taken in one request "
                            + "(tether.api.max-documents): split them over several requests; nothing was stored",
                    documents.size(), limits.maxDocuments()));
        }
        List<Manifest> manifests = validator.validate(documents);
        ApplyResult result = store.apply(manifests, API_ACTOR, dryRun, ResourceVersions.parseIfMatch(ifMatch));
        if (!dryRun) {
            return result;
        }
        return result.withActions(previews.preview(manifests));
    }
}
