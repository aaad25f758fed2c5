package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Attachments of other apps' add-ons: attached when missing, detached when dropped, never destroyed. */
class AttachmentPlannerTest {

    private static final String APP = "app-id";
    private static final AttachmentPlanner.Wanted SHARED = new AttachmentPlanner.Wanted("SHARED", "db-owner", "addon-1", "postgresql-1");
    private static final ObservedAttachment ATTACHED = new ObservedAttachment("att-1", "SHARED", "addon-1", "postgresql-1", "owner-id");

    private static HerokuAppSpec spec(String json) {
        return (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, (ObjectNode) JsonMapper.builder().build().readTree(json));
    }

    private static final HerokuAppSpec DECLARED = spec("{\"addons\": [{\"attach\": {\"app\": \"db-owner\", \"addon\": \"DATABASE\"}, \"as\": \"SHARED\"}]}");

    @Test
    void attachesADeclaredAttachmentThatIsMissing() {
        AttachmentPlanner.Plan plan = AttachmentPlanner.plan(DECLARED, List.of(SHARED), Set.of(), List.of(), APP);
        assertThat(plan.steps()).extracting(AppPlan.Step::action)
                .containsExactly(new AppAction.AttachAddon("addon-1", "postgresql-1", "db-owner", "SHARED"));
    }

    @Test
    void plansNothingWhenItIsAttached() {
        AttachmentPlanner.Plan plan = AttachmentPlanner.plan(DECLARED, List.of(SHARED), Set.of("SHARED"), List.of(ATTACHED), APP);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.findings()).isEmpty();
    }

    @Test
    void aDetachOutsideTetherIsDriftDecidedByThePolicy() {
        HerokuAppSpec report = spec("{\"driftPolicy\": {\"mode\": \"report\"}, \"addons\": [{\"attach\": {\"app\": \"db-owner\", "
                + "\"addon\": \"DATABASE\"}, \"as\": \"SHARED\"}]}");
        AttachmentPlanner.Plan reverted = AttachmentPlanner.plan(DECLARED, List.of(SHARED), Set.of("SHARED"), List.of(), APP);
        AttachmentPlanner.Plan reported = AttachmentPlanner.plan(report, List.of(SHARED), Set.of("SHARED"), List.of(), APP);
        assertThat(reverted.steps()).hasSize(1);
        assertThat(reported.steps()).isEmpty();
        assertThat(reported.findings()).extracting(AppPlan.Finding::path).containsExactly("addons.SHARED");
    }

    @Test
    void aDroppedAttachmentIsDetachedAndOnesNeverDeclaredAreLeftAlone() {
        ObservedAttachment someoneElses = new ObservedAttachment("att-2", "OTHER", "addon-2", "redis-2", "owner-id");
        ObservedAttachment own = new ObservedAttachment("att-3", "DATABASE", "addon-3", "postgresql-3", APP);
        AttachmentPlanner.Plan plan = AttachmentPlanner.plan(spec("{\"addons\": []}"), List.of(), Set.of("SHARED"),
                List.of(ATTACHED, someoneElses, own), APP);
        assertThat(plan.steps()).extracting(AppPlan.Step::action).containsExactly(new AppAction.DetachAddon("att-1", "SHARED"));
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.action().destructive()).isFalse());
    }

    @Test
    void theAppPlannerNeverDestroysAnotherAppsAddonAttachedHere() {
        ObservedAddon foreign = new ObservedAddon("addon-1", "postgresql-1", "heroku-postgresql", "heroku-postgresql:essential-0",
                List.of("DATABASE_URL"), "provisioned", "owner-id");
        ObservedAppState world = new ObservedAppState(new ObservedApp("id", "app", "us", "heroku-24", "heroku-24", null, null,
                false, "u", false), java.util.Map.of(), List.of(), List.of(foreign), List.of(), List.of(), null);
        HerokuAppSpec allowed = spec("{\"deletionPolicy\": \"Delete\", \"allowDestroyData\": true, \"addons\": []}");
        AppPlan plan = HerokuAppPlanner.plan("app", allowed, allowed, world, Set.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.held()).isEmpty();
    }
}
