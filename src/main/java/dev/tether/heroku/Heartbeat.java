package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceKey;
import dev.tether.manifest.StoredResource;
import dev.tether.reconcile.Dependents;
import dev.tether.reconcile.ReconcileRequest;
import dev.tether.reconcile.StatusDerivation;
import dev.tether.status.Condition;
import dev.tether.status.ConditionStatus;
import dev.tether.status.ResourceStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The routine poll of a quiet app whose webhooks work: one conditional
 * {@code GET /apps/{id}/releases} (newest) standing for the whole observation (DESIGN §7: ≤ 3
 * Heroku calls per app per hour with webhooks in place). Heroku cuts a release for every
 * config-var and add-on change, so an unchanged newest release stands for those; deliveries
 * cover the rest (formation, domains, the app itself), and a full observation still runs every
 * {@link WebhookProperties#fullObservationEvery()}: 11 heartbeats and one full observation
 * (about 6 calls) per 6 hours at the defaults, ≈ 2.8 calls per app per hour.
 *
 * <p>The loop stays level-triggered: a heartbeat is a partial observation of the same world, and
 * anything it cannot vouch for (the release moved, the app or its releases are gone) makes the
 * pass the normal full one. A release that moved with no delivery announcing it means the
 * deliveries are lost: the app is then polled as one without webhooks (full observations, the
 * subscription re-checked) until a delivery arrives again.
 */
@Component
class Heartbeat {

    /** What one heartbeat found. */
    enum Beat {
        /** The newest release is the one the last full observation saw: nothing to do. */
        UNCHANGED,
        /** The release moved and a delivery announced it (its pass is due anyway): observe in full. */
        MOVED,
        /** The release moved and no delivery said so: deliveries are lost; observe in full. */
        DELIVERIES_LOST,
        /** No newest release to compare (the app or its releases are gone): observe in full. */
        UNKNOWN
    }

    private final HerokuClient heroku;
    private final AppWebhooks webhooks;
    private final WebhookProperties props;
    private final Clock clock;
    private final Dependents dependents;

    Heartbeat(HerokuClient heroku, AppWebhooks webhooks, WebhookProperties props, Clock clock,
              Dependents dependents) {
        this.dependents = dependents;
        this.heroku = heroku;
        this.webhooks = webhooks;
        this.props = props;
        this.clock = clock;
    }

    /**
     * Whether this pass may be a heartbeat: a routine poll (not a spec change, delivery, wake,
     * retry or full-observation request) of an app whose subscription is in place and whose
     * deliveries arrive, Ready at its generation with no drift, fully observed less than
     * {@link WebhookProperties#fullObservationEvery()} ago.
     */
    boolean applies(StoredResource resource, HerokuAppSpec spec, ResourceStatus status, ReconcileRequest request) {
        HerokuAppExternal external = status.external(HerokuAppExternal.class);
        HerokuAppExternal.Observation seen = external.observation();
        return request.routinePoll() && !request.fullObservation() && !spec.isPaused()
                && external.id() != null && Boolean.TRUE.equals(external.webhook())
                && seen != null && seen.release() != null && seen.fullAt() != null && seen.deliveriesLostSince() == null
                && clock.instant().isBefore(seen.fullAt().plus(props.fullObservationEvery()))
                && status.drift().isEmpty()
                && status.observedGeneration() != null && status.observedGeneration() == resource.generation()
                && status.condition(Condition.READY).map(c -> c.status() == ConditionStatus.TRUE).orElse(false);
    }

    /** One conditional read of the newest release, compared with the last full observation's. */
    Beat beat(ResourceStatus status) {
        HerokuAppExternal external = status.external(HerokuAppExternal.class);
        Optional<ObservedRelease> newest = heroku.latestRelease(external.id());
        if (newest.isEmpty()) {
            return Beat.UNKNOWN;
        }
        if (newest.get().version() == external.observation().release()) {
            return Beat.UNCHANGED;
        }
        return webhooks.actorSince(external.id(), status.lastReconciledAt()).isPresent() ? Beat.MOVED : Beat.DELIVERIES_LOST;
    }

    /** The status after an unchanged heartbeat: as the last full pass wrote it, looked at now. */
    StatusDerivation.Derived unchanged(ResourceStatus status) {
        return new StatusDerivation.Derived(status.reconciled(status.observedGeneration(), clock.instant()), List.of(), Optional.empty());
    }

    /**
     * A heartbeat found the newest release moved: what targets the app is woken, as a release
     * delivery would have woken it (it may be lost, or the delivery taken for this one may have
     * been an earlier change's): an ApiKey that trusted the app's newest release to stand for its
     * config vars reads them now.
     */
    void releaseMoved(StoredResource resource) {
        dependents.wake(new ResourceKey(Kind.HEROKU_APP, resource.name()), "ReleaseMoved");
    }

    /** The status marked as having lost its deliveries now (kept until a delivery arrives). */
    ResourceStatus deliveriesLost(ResourceStatus status) {
        HerokuAppExternal external = status.external(HerokuAppExternal.class);
        HerokuAppExternal.Observation seen = external.observation();
        return status.withExternal(external.withObservation(new HerokuAppExternal.Observation(seen.release(), seen.fullAt(),
                seen.hookCheckedAt(), clock.instant())));
    }

    /**
     * What a full observation records: the newest release it saw, now, when the subscription was
     * last listed, and whether deliveries are still lost (cleared once one arrived after they
     * were found lost).
     */
    HerokuAppExternal.Observation observed(String appId, HerokuAppExternal.Observation before, Optional<ObservedRelease> newest,
                                           boolean hookChecked) {
        Instant now = clock.instant();
        Instant lost = before == null ? null : before.deliveriesLostSince();
        if (lost != null && webhooks.actorSince(appId, lost).isPresent()) {
            lost = null;
        }
        return new HerokuAppExternal.Observation(newest.map(ObservedRelease::version).orElse(null), now,
                hookChecked ? now : before == null ? null : before.hookCheckedAt(), lost);
    }
}
