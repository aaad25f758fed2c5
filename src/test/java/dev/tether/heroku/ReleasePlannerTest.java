package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.HerokuAppSpec;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code spec.release.build} asks of an app, decided from its current release and builds alone. */
class ReleasePlannerTest {

    private static final HerokuAppSpec.Build V2 = new HerokuAppSpec.Build("file:///app.tgz", null, "v2");
    private static final HerokuAppSpec.Release DECLARED = new HerokuAppSpec.Release(V2, null, null, null);

    private static ObservedRelease running(String slug) {
        return new ObservedRelease("r", 5, "Deploy", "tether@sandbox.local", Instant.EPOCH, true, slug);
    }

    private static ObservedBuild build(String status, String version, String slug) {
        return new ObservedBuild("b-" + version + "-" + status, status, "file:///app.tgz", null, version, slug, "http://127.0.0.1/out");
    }

    @Test
    void startsABuildWhenNoBuildOfTheDeclaredSourceExists() {
        var d = ReleasePlanner.decide(DECLARED, running("s1"), List.of(build("succeeded", "v1", "s1")));

        assertThat(d).isEqualTo(new ReleasePlanner.Decision.Act(new AppAction.CreateBuild("file:///app.tgz", null, "v2"),
                "build of file:///app.tgz (v2)", "s1"));
    }

    @Test
    void waitsForAPendingBuildAndIsInSyncOnceItsSlugRuns() {
        ObservedBuild pending = build("pending", "v2", null);
        assertThat(ReleasePlanner.decide(DECLARED, running("s1"), List.of(pending))).isEqualTo(new ReleasePlanner.Decision.Waiting(pending));
        assertThat(ReleasePlanner.decide(DECLARED, running("s2"), List.of(build("succeeded", "v2", "s2"))))
                .isInstanceOf(ReleasePlanner.Decision.InSync.class);
    }

    @Test
    void releasesTheBuiltSlugAgainAfterARollbackInsteadOfBuildingAgain() {
        var d = ReleasePlanner.decide(DECLARED, running("s1"), List.of(build("succeeded", "v1", "s1"), build("succeeded", "v2", "s2")));

        assertThat(d).isInstanceOf(ReleasePlanner.Decision.Act.class);
        assertThat(((ReleasePlanner.Decision.Act) d).action()).isEqualTo(new AppAction.ReleaseSlug("s2"));
    }

    @Test
    void aFailedBuildIsReportedAndNotRetriedUntilTheSourceChanges() {
        ObservedBuild failed = build("failed", "v2", null);
        assertThat(ReleasePlanner.decide(DECLARED, running("s1"), List.of(failed))).isEqualTo(new ReleasePlanner.Decision.BuildFailed(failed));

        HerokuAppSpec.Release v3 = new HerokuAppSpec.Release(new HerokuAppSpec.Build("file:///app.tgz", null, "v3"), null, null, null);
        assertThat(ReleasePlanner.decide(v3, running("s1"), List.of(failed))).isInstanceOf(ReleasePlanner.Decision.Act.class);
    }

    @Test
    void aDeclaredSlugIsReleasedWhenAnotherRuns() {
        HerokuAppSpec.Release slug = new HerokuAppSpec.Release(null, "s9", null, null);

        assertThat(ReleasePlanner.decide(slug, running("s1"), List.of()))
                .isEqualTo(new ReleasePlanner.Decision.Act(new AppAction.ReleaseSlug("s9"), "slug s9", "s1"));
        assertThat(ReleasePlanner.decide(slug, running("s9"), List.of())).isInstanceOf(ReleasePlanner.Decision.InSync.class);
    }

    @Test
    void aDeclaredOciImageIsReleasedUntilTheCurrentReleaseRunsIt() {
        HerokuAppSpec.Release image = new HerokuAppSpec.Release(null, null, null, "img-2");
        ObservedRelease runsImg1 = new ObservedRelease("r", 5, "Deploy", "someone@example.com", Instant.EPOCH, true, null, "img-1");
        ObservedRelease runsImg2 = new ObservedRelease("r", 6, "Deploy", "tether@sandbox.local", Instant.EPOCH, true, null, "img-2");

        assertThat(ReleasePlanner.decide(image, runsImg1, List.of())).isEqualTo(new ReleasePlanner.Decision.Act(
                new AppAction.ReleaseOciImage("img-2"), "OCI image img-2", "img-1", "ociImage"));
        assertThat(ReleasePlanner.decide(image, runsImg2, List.of())).isInstanceOf(ReleasePlanner.Decision.InSync.class);
    }

    @Test
    void anUnresolvedPromotionWaitsForItsSourceAndDoesNothing() {
        HerokuAppSpec.Release promotion = new HerokuAppSpec.Release(null, null, "staging", null);

        assertThat(ReleasePlanner.decide(promotion, running("s1"), List.of())).isEqualTo(new ReleasePlanner.Decision.AwaitingSource("staging"));
    }
}
