package dev.tether.reconcile;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceNotFoundException;
import dev.tether.runtime.WebSessions;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/proposals} (DESIGN §2c, §5): what {@code approve} mode waits on, and a person's
 * decision on it. {@code POST …/approve} or {@code …/reject} takes an optional
 * {@code {"by": "alice"}}, recorded as {@code api:alice} on the proposal and in the resource's
 * timeline; an approval wakes the resource, whose next pass carries it out.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class ProposalController {

    private final Proposals proposals;
    private final ProposalDecisions decisions;

    ProposalController(Proposals proposals, ProposalDecisions decisions) {
        this.proposals = proposals;
        this.decisions = decisions;
    }

    @GetMapping("/proposals")
    Map<String, Object> list(@RequestParam(name = "state", required = false) String state,
                             @RequestParam(name = "kind", required = false) String kind,
                             @RequestParam(name = "name", required = false) String name) {
        List<Proposals.Proposal> items = proposals.list(state, kind == null ? null : Kind.fromPath(kind), name);
        return Map.of("items", items);
    }

    @GetMapping("/proposals/{id}")
    Proposals.Proposal get(@PathVariable("id") long id) {
        return proposals.get(id).orElseThrow(() -> new ResourceNotFoundException("proposal " + id + " does not exist"));
    }

    @PostMapping("/proposals/{id}/approve")
    Proposals.Proposal approve(@PathVariable("id") long id, @RequestBody(required = false) Map<String, Object> body) {
        return decisions.decide(id, true, actor(body));
    }

    @PostMapping("/proposals/{id}/reject")
    Proposals.Proposal reject(@PathVariable("id") long id, @RequestBody(required = false) Map<String, Object> body) {
        return decisions.decide(id, false, actor(body));
    }

    private static String actor(Map<String, Object> body) {
        Object by = body == null ? null : body.get("by");
        String user = by instanceof String s ? WebSessions.safeUser(s) : null;
        return user == null || user.isBlank() ? "api" : "api:" + user;
    }
}
