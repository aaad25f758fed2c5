package dev.tether.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.NewEvent;
import dev.tether.status.ResourceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OccurrencesTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static ResourceStatus status(String ready, String readyReason, String secured, boolean drift) {
        List<Condition> c = new ArrayList<>();
        c.add(new Condition(Condition.READY, ConditionStatus.fromLabel(ready), readyReason, "m", NOW));
        if (secured != null) {
            c.add(new Condition("Secured", ConditionStatus.fromLabel(secured), "Probe", "probe said so", NOW));
        }
        return ResourceStatus.pending(NOW).withConditions(c).reconciled(1L, NOW).withDrift(drift
                ? List.of(new ResourceStatus.Drift("configVars.SECRET_TOKEN", "s3cr3t-desired", "s3cr3t-observed", NOW, "dashboard@example.com"))
                : List.of());
    }

    private static List<String> seen(ResourceStatus before, ResourceStatus after, NewEvent... events) {
        return Occurrences.of(before, after, List.of(events)).stream().map(o -> o.reason() + (o.resolved() ? "/resolved" : "/firing")).toList();
    }

    @Test
    void driftRevertedInThePassThatSawItIsToldAndClearedWithoutItsValues() {
        ResourceStatus ok = status("True", "InSync", null, false);
        List<Occurrence> o = Occurrences.of(ok, ok, List.of(
                NewEvent.warning("DriftDetected", "Changed outside Tether: configVars.SECRET_TOKEN (s3cr3t-desired → s3cr3t-observed)", "dashboard@example.com"),
                NewEvent.normal("DriftReverted", "Reverted drift at configVars.SECRET_TOKEN (changed by dashboard@example.com)", "tether")));
        assertThat(o).extracting(x -> x.reason() + "/" + x.resolved()).containsExactly("DriftDetected/false", "DriftDetected/true");
        assertThat(o.getFirst().message()).contains("configVars.SECRET_TOKEN", "dashboard@example.com").doesNotContain("s3cr3t");
    }

    @Test
    void reportedDriftIsToldOnceWhileItLastsAndOnceWhenItIsGone() {
        ResourceStatus ok = status("True", "InSync", null, false);
        ResourceStatus drifted = status("True", "DriftReported", null, true);
        assertThat(seen(ok, drifted, NewEvent.warning("DriftDetected", "x (a → b)", "dashboard@example.com"))).containsExactly("DriftDetected/firing");
        assertThat(Occurrences.of(ok, drifted, List.of()).getFirst().message()).doesNotContain("s3cr3t");
        assertThat(seen(drifted, drifted)).isEmpty();
        assertThat(seen(drifted, ok)).containsExactly("DriftDetected/resolved");
    }

    @Test
    void aBrokenLockIsToldWhenItBreaksAndWhenItHoldsAgainNotWhileItIsUnproven() {
        ResourceStatus secured = status("True", "InSync", "True", false);
        ResourceStatus broken = status("True", "InSync", "False", false);
        ResourceStatus unproven = status("True", "InSync", "Unknown", false);
        assertThat(seen(secured, broken)).containsExactly("LockBroken/firing");
        assertThat(seen(broken, broken)).isEmpty();
        assertThat(seen(broken, unproven)).isEmpty();
        assertThat(seen(unproven, secured)).isEmpty();
        assertThat(seen(broken, secured)).containsExactly("LockBroken/resolved");
        assertThat(seen(secured, unproven)).isEmpty();
    }

    @Test
    void failingAndHeldAreToldOnTheirWayInAndOut() {
        ResourceStatus ok = status("True", "InSync", null, false);
        ResourceStatus failing = status("False", "ApiError", null, false);
        ResourceStatus progressing = status("False", "Progressing", null, false);
        ResourceStatus held = status("False", "DestructiveActionHeld", null, false);
        assertThat(seen(ok, failing)).containsExactly("ReconcileFailed/firing");
        assertThat(seen(failing, failing)).isEmpty();
        assertThat(seen(failing, progressing)).isEmpty();
        assertThat(seen(failing, ok)).containsExactly("ReconcileFailed/resolved");
        assertThat(seen(ok, progressing)).isEmpty();
        assertThat(seen(ok, held)).containsExactly("DestructiveActionHeld/firing");
        assertThat(seen(held, ok)).containsExactly("DestructiveActionHeld/resolved");
    }
}
