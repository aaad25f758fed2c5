package dev.tether.keys;

import dev.tether.status.External;
import java.time.Instant;
import java.util.Map;

/**
 * What an ApiKey's status records (its {@code status.external}): the key's version and where its
 * rotation stands, what Tether last set at each target, and the runs of reverts of its own
 * account's changes.
 *
 * @param keyVersion         the current key's version; null (0) before the first key is generated
 * @param rotationPhase      the rotation's step; null is {@link RotationPhase#STEADY}
 * @param rotatedAt          when the current key became current
 * @param rotateRequestedAt  when {@code POST .../rotate} asked for a rotation not started yet
 * @param rotationStartedAt  when the running rotation started
 * @param graceUntil         until when the old key stays valid, in {@link RotationPhase#GRACE}
 * @param targets            per target ({@code app/VAR}), what Tether last set or confirmed there (a label)
 * @param ownershipConflicts per target, the run of reverts of Tether's own account's changes
 * @param configReadAt       per target app resource, {@code appId@release}: the app's newest release
 *                           its HerokuApp had observed when this key last read the app's config
 *                           vars (absent: the app's releases were not watched then). While it
 *                           still is the newest, the vars are as read (Heroku cuts a release for
 *                           every config-var change), so a routine poll need not read them again
 */
public record ApiKeyExternal(Integer keyVersion, RotationPhase rotationPhase, Instant rotatedAt, Instant rotateRequestedAt,
                             Instant rotationStartedAt, Instant graceUntil, Map<String, String> targets,
                             Map<String, Conflict> ownershipConflicts, Map<String, String> configReadAt) implements External {

    /** One target's run of reverts, and until when the next one is held. */
    public record Conflict(Integer reverts, Instant holdUntil) {
    }

    /** The version as a number: 0 before the first key. */
    int version() {
        return keyVersion == null ? 0 : keyVersion;
    }

    RotationPhase phase() {
        return rotationPhase == null ? RotationPhase.STEADY : rotationPhase;
    }

    /** Key {@code version} became current {@code at}, steady; whatever rotation ran is over. */
    ApiKeyExternal keyed(int version, Instant at, boolean rotationOver) {
        return new ApiKeyExternal(version, RotationPhase.STEADY, at, rotateRequestedAt,
                rotationOver ? null : rotationStartedAt, rotationOver ? null : graceUntil, targets, ownershipConflicts, configReadAt);
    }

    /** A rotation's step: {@code started} and {@code until} set the start and grace times when not null. */
    ApiKeyExternal inPhase(RotationPhase phase, Instant started, Instant until) {
        return new ApiKeyExternal(keyVersion, phase, rotatedAt, rotateRequestedAt,
                started != null ? started : rotationStartedAt, until != null ? until : graceUntil, targets, ownershipConflicts,
                configReadAt);
    }

    /**
     * With what each target holds now, the current runs of reverts (empty: none) and the releases
     * the targets' config vars were read at (empty: none watched).
     */
    ApiKeyExternal withTargets(Map<String, String> recorded, Map<String, Conflict> conflicts, Map<String, String> readAt) {
        return new ApiKeyExternal(keyVersion, rotationPhase, rotatedAt, rotateRequestedAt, rotationStartedAt, graceUntil,
                recorded, conflicts.isEmpty() ? null : conflicts, readAt.isEmpty() ? null : readAt);
    }

    ApiKeyExternal withRotateRequestedAt(Instant at) {
        return new ApiKeyExternal(keyVersion, rotationPhase, rotatedAt, at, rotationStartedAt, graceUntil, targets,
                ownershipConflicts, configReadAt);
    }
}
