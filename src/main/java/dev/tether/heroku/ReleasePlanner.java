package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import java.util.List;

/**
 * Decides what {@code spec.release} (DESIGN §2a) asks of an app: a pure function of the
 * declared release, the app's current release and its builds. A declared build is in sync
 * when the current release runs the slug of a succeeded build of exactly the declared source
 * (URL, checksum and version); a succeeded build of it whose slug no longer runs (a rollback,
 * a push) is released again; a pending one is waited for; a failed one is reported and not
 * retried until the declared source changes; otherwise a build is started. A declared slug or
 * OCI image is in sync when the current release runs exactly it. A promotion ({@code fromApp}) is
 * planned as the slug the source app runs, resolved before this by {@link PromotedRelease}; one
 * still unresolved here waits for its source.
 */
public final class ReleasePlanner {

    private ReleasePlanner() {
    }

    /** What to do about the app's code. */
    public sealed interface Decision {
        /** The declared code runs. */
        record InSync() implements Decision { }

        /**
         * Carry out {@code action}; {@code running} is what runs now (null: none), a slug id or,
         * when {@code field} is {@code ociImage}, an OCI image id: what {@code adopt} would record.
         */
        record Act(AppAction action, String desired, String running, String field) implements Decision {
            Act(AppAction action, String desired, String running) {
                this(action, desired, running, "slug");
            }
        }

        /** A build of the declared source is still running: look again shortly. */
        record Waiting(ObservedBuild build) implements Decision { }

        /** The declared source's latest build failed; nothing is retried until the source changes. */
        record BuildFailed(ObservedBuild build) implements Decision { }

        /** A promotion whose source app runs no promotable slug yet (the reconciler says what it waits for). */
        record AwaitingSource(String fromApp) implements Decision { }
    }

    public static Decision decide(HerokuAppSpec.Release desired, ObservedRelease current, List<ObservedBuild> builds) {
        String running = current == null ? null : current.slugId();
        if (desired.slug() != null) {
            return desired.slug().equals(running) ? new Decision.InSync()
                    : new Decision.Act(new AppAction.ReleaseSlug(desired.slug()), "slug " + desired.slug(), running);
        }
        if (desired.ociImage() != null) {
            String image = current == null ? null : current.ociImageId();
            return desired.ociImage().equals(image) ? new Decision.InSync()
                    : new Decision.Act(new AppAction.ReleaseOciImage(desired.ociImage()), "OCI image " + desired.ociImage(), image, "ociImage");
        }
        if (desired.build() == null) {
            return new Decision.AwaitingSource(desired.fromApp());
        }
        HerokuAppSpec.Build source = desired.build();
        List<ObservedBuild> ofSource = builds.stream().filter(b -> b.builtFrom(source)).toList();
        if (running != null && ofSource.stream().anyMatch(b -> b.succeeded() && running.equals(b.slugId()))) {
            return new Decision.InSync();
        }
        String wanted = "build of " + source.sourceUrl() + (source.version() == null ? "" : " (" + source.version() + ")");
        ObservedBuild built = ofSource.stream().filter(ObservedBuild::succeeded).reduce((a, b) -> b).orElse(null);
        if (built != null && built.slugId() != null) {
            return new Decision.Act(new AppAction.ReleaseSlug(built.slugId()), wanted + ": slug " + built.slugId(), running);
        }
        ObservedBuild latest = ofSource.isEmpty() ? null : ofSource.getLast();
        if (latest != null && latest.pending()) {
            return new Decision.Waiting(latest);
        }
        if (latest != null && latest.failed()) {
            return new Decision.BuildFailed(latest);
        }
        return new Decision.Act(new AppAction.CreateBuild(source.sourceUrl(), source.checksum(), source.version()), wanted, running);
    }
}
