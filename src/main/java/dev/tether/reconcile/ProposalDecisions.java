package dev.tether.reconcile;

import dev.tether.manifest.DesiredStateStore;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.status.EventType;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * A person's decision on a proposal, from the API, the CLI or the resource page: recorded on the
 * proposal and in the resource's timeline with who decided; an approval enqueues the resource at
 * once, so its next pass carries the proposal out.
 */
@Component
public class ProposalDecisions {

    private final Proposals proposals;
    private final DesiredStateStore store;
    private final WorkQueue queue;
    private final Clock clock;

    ProposalDecisions(Proposals proposals, DesiredStateStore store, WorkQueue queue, Clock clock) {
        this.proposals = proposals;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    public Proposals.Proposal decide(long id, boolean approve, String actor) {
        Proposals.Proposal p = proposals.decide(id, approve, actor, clock.instant());
        Kind kind = Kind.fromPath(p.kind());
        StoredResource r = store.get(kind, p.name());
        String paths = String.join(", ", p.actions().stream().map(Proposals.Change::path).toList());
        store.recordEvent(r.id(), EventType.Normal, approve ? "ProposalApproved" : "ProposalRejected",
                (approve ? "Approved" : "Rejected") + " proposal #" + id + " (revert " + paths + ")", actor);
        if (approve) {
            queue.enqueue(new ResourceKey(kind, p.name()), clock.instant(), "ProposalApproved", true);
        }
        return p;
    }
}
