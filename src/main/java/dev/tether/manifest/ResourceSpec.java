package dev.tether.manifest;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The typed desired state of one kind, with the fields every kind shares (DESIGN §2). Readers
 * get defaults from here; the stored spec stays exactly as the user wrote it.
 */
public sealed interface ResourceSpec
        permits HerokuAppSpec, ApiKeySpec, KongServiceSpec, KongConsumerSpec, KongGatewaySpec, SecretSpec,
                NotifierSpec {

    DriftPolicy driftPolicy();

    DeletionPolicy deletionPolicy();

    Boolean paused();

    Boolean allowReplace();

    Boolean adoptExisting();

    default DriftPolicy drift() {
        return driftPolicy() == null ? DriftPolicy.DEFAULT : driftPolicy();
    }

    default DeletionPolicy deletion() {
        return deletionPolicy() == null ? DeletionPolicy.ORPHAN : deletionPolicy();
    }

    default boolean isPaused() {
        return Boolean.TRUE.equals(paused());
    }

    default boolean replaceAllowed() {
        return Boolean.TRUE.equals(allowReplace());
    }

    /**
     * {@code allowMassDelete: true}: a pass may delete more than {@code tether.max-deletes-per-pass}
     * entities (kinds that delete entities within a pass declare the field).
     */
    default boolean massDeleteAllowed() {
        return false;
    }

    default boolean adoptsExisting() {
        return Boolean.TRUE.equals(adoptExisting());
    }

    /**
     * The resources this one refers to by {@code metadata.name} (an ApiKey's target apps, a
     * KongService's upstream app and key, ...). A change to any of them enqueues this resource.
     */
    default java.util.Set<ResourceKey> references() {
        return java.util.Set.of();
    }

    /**
     * The referenced resources that wait on this one's status (an ApiKey mid-rotation waits for
     * each KongService that injects it to report the new key version): a change to this
     * resource's status enqueues them, so they are woken instead of polling. A subset of
     * {@link #references()}; none by default.
     */
    default java.util.Set<ResourceKey> notifies() {
        return java.util.Set.of();
    }

    /** Reads a validated spec as the record of its kind. */
    static ResourceSpec of(Kind kind, ObjectNode spec) {
        Class<? extends ResourceSpec> type = switch (kind) {
            case HEROKU_APP -> HerokuAppSpec.class;
            case API_KEY -> ApiKeySpec.class;
            case KONG_SERVICE -> KongServiceSpec.class;
            case KONG_CONSUMER -> KongConsumerSpec.class;
            case KONG_GATEWAY -> KongGatewaySpec.class;
            case SECRET -> SecretSpec.class;
            case NOTIFIER -> NotifierSpec.class;
        };
        return Mapper.INSTANCE.treeToValue(spec, type);
    }

    /** Holds the one mapper; records need no configuration beyond strictness. */
    final class Mapper {
        static final JsonMapper INSTANCE = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();

        private Mapper() {
        }
    }
}
