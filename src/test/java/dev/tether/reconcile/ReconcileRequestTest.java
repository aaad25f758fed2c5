package dev.tether.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a claimed key became due, as a pass sees it: only its own schedule after an in-sync pass is a routine poll. */
class ReconcileRequestTest {

    @ParameterizedTest(name = "triggered={0} attempts={1} full={2} reason={3} last={4} -> routine={5} delivery={6}")
    @CsvSource({
            // the key's own schedule after a pass that found it in sync
            "false, 0, false, Applied,  InSync,      true,  false",
            // a spec change, a request, a dependent's wake since the last claim
            "true,  0, false, Applied,  InSync,      false, false",
            "true,  0, false, DependencyChanged, InSync, false, false",
            // a webhook delivery
            "true,  0, false, Webhook,  InSync,      false, true",
            // a retry after a failed pass, a full-observation request (resync)
            "false, 2, false, Applied,  Retrying,    false, false",
            "false, 0, true,  Resync,   InSync,      false, false",
            // the confirm pass after a write, the recheck after a refusal, a first pass
            "false, 0, false, Applied,  Progressing, false, false",
            "false, 0, false, Applied,  Failed,      false, false",
            "false, 0, false, Missing,  ,            false, false",
            // an old delivery's reason on a scheduled pass is not a delivery
            "false, 0, false, Webhook,  InSync,      true,  false",
    })
    void tellsARoutinePollAndADeliveryFromOtherWaysOfBecomingDue(boolean triggered, int attempts, boolean full, String reason,
                                                                 String lastOutcome, boolean routine, boolean delivery) {
        WorkQueue.Claim claim = new WorkQueue.Claim(new ResourceKey(Kind.HEROKU_APP, "api"), 3, attempts, full, reason, 7,
                Instant.EPOCH, triggered, lastOutcome);

        ReconcileRequest request = ReconcileRequest.of(claim);

        assertThat(request.routinePoll()).isEqualTo(routine);
        assertThat(request.delivery()).isEqualTo(delivery);
        assertThat(request.fullObservation()).isEqualTo(full);
        assertThat(request.attempt()).isEqualTo(attempts);
    }
}
