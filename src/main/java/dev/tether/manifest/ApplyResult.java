package dev.tether.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What a manifest POST did, or with {@code dryRun} would do, to the store.
 *
 * @param items one per document: its generation after the apply and whether it changed
 * @param plan    with {@code dryRun}: each change to the store, field by field, secrets masked
 * @param actions with {@code dryRun}: what the next pass would then do in Heroku and Kong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApplyResult(List<Item> items, List<PlanEntry> plan, List<? extends DryRunPreview.Action> actions,
                          List<Warning> warnings) {

    public ApplyResult(List<Item> items, List<PlanEntry> plan) {
        this(items, plan, null, null);
    }

    /** The same result with what the next pass would do in Heroku and Kong (dry run). */
    public ApplyResult withActions(List<? extends DryRunPreview.Action> actions) {
        return new ApplyResult(items, plan, actions, warnings);
    }

    /** The same result with these warnings (none: the field is left out). */
    public ApplyResult withWarnings(List<Warning> warnings) {
        return new ApplyResult(items, plan, actions, warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings));
    }

    /** Something applied as asked that a person should reconsider, e.g. a literal secret ({@link LiteralSecretWarnings}). */
    public record Warning(String kind, String name, String path, String reason, String message) {
    }

    /** {@code action} is {@code created}, {@code updated} or {@code unchanged}. */
    public record Item(String kind, String name, long generation, String resourceVersion, boolean changed, String action) {
        Item(String kind, String name, long generation, long resourceVersion, boolean changed, String action) {
            this(kind, name, generation, String.valueOf(resourceVersion), changed, action);
        }
    }

    /** {@code action} is {@code create} or {@code update}; a null {@code from} is an added field. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlanEntry(String kind, String name, String action, String path, JsonNode from, JsonNode to) {
    }
}
