package dev.tether.kong;

import dev.tether.manifest.DriftPolicy;
import dev.tether.manifest.SecretMask;
import dev.tether.reconcile.DriftDecision;
import dev.tether.reconcile.DriftDecision.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what Kong needs for one {@code KongConsumer}: the consumer, one key-auth credential
 * per declared key (with the value Tether generated), and its ACL groups. Credentials and
 * groups carrying Tether's owner tag but no longer declared are removed; others are left alone.
 * Each difference is decided by {@link DriftDecision#decide}: {@code customId} and ACL groups can
 * be adopted (written back into the spec); a key value or a missing consumer cannot, so adopt
 * reports them.
 */
final class KongConsumerPlanner {

    private KongConsumerPlanner() {
    }

    /** A declared key: its name, deterministic credential id, and the value it must have. */
    record DesiredKey(String name, String credentialId, String value) {
        @Override
        public String toString() {
            return "DesiredKey[name=" + name + ", credentialId=" + credentialId + ", value=<redacted>]";
        }
    }

    record Desired(String username, String customId, List<DesiredKey> keys, Set<String> groups) {
    }

    /**
     * @param ownedKeys   credentials tagged as this resource's (id → key)
     * @param ownedGroups ACL groups tagged as this resource's
     * @param allGroups   every ACL group the consumer is in (owned or not)
     */
    record Observed(Optional<ObservedConsumer> consumer, Map<String, String> ownedKeys, Set<String> ownedGroups,
                    Set<String> allGroups) {
        @Override
        public String toString() {
            return "Observed[consumer=" + consumer + ", keys=" + ownedKeys.keySet() + ", groups=" + allGroups + "]";
        }
    }

    /**
     * The plan: each difference with the drift decision taken on it, the steps that write (each
     * with the paths it puts right), and what to write back into the spec (adopt).
     */
    record ConsumerPlan(List<Step> steps, List<ServicePlan.Difference> differences, List<ServicePlan.Difference> adoptions) {

        record Step(ConsumerAction action, List<String> paths) {
        }

        List<ConsumerAction> actions() {
            return steps.stream().map(Step::action).toList();
        }
    }

    /** What differs, before the drift decision. Key values never appear in it. */
    static List<ConsumerAction> plan(Desired d, Observed o) {
        return plan(d, null, o, DriftPolicy.DEFAULT, false).actions();
    }

    /**
     * @param lastApplied what the last applied spec asked for (null: nothing applied yet); a
     *                    difference where the spec moved since is a spec change, else drift
     */
    static ConsumerPlan plan(Desired d, Desired lastApplied, Observed o, DriftPolicy policy, boolean paused) {
        List<Item> items = new ArrayList<>();
        boolean fresh = lastApplied == null;
        if (o.consumer().isEmpty()) {
            items.add(new Item("consumer", d.username(), null, new ConsumerAction.UpsertConsumer(d.username(), d.customId()),
                    false, fresh));
        } else if (!Objects.equals(o.consumer().get().customId(), d.customId())) {
            items.add(new Item("customId", d.customId(), o.consumer().get().customId(),
                    new ConsumerAction.UpsertConsumer(d.username(), d.customId()), true,
                    fresh || !Objects.equals(lastApplied.customId(), d.customId())));
        }
        Set<String> lastKeys = new HashSet<>();
        Set<String> lastGroups = fresh ? Set.of() : lastApplied.groups();
        if (!fresh) {
            lastApplied.keys().forEach(k -> lastKeys.add(k.credentialId()));
        }
        for (DesiredKey k : d.keys()) {
            String have = o.ownedKeys().get(k.credentialId());
            if (!Objects.equals(have, k.value())) {
                // the value lives in Tether's secret store, not the spec: never adoptable
                items.add(new Item("keyAuth." + k.name(), SecretMask.MASK, have == null ? "missing" : SecretMask.MASK,
                        new ConsumerAction.SetKey(k.name(), k.credentialId()), false, fresh || !lastKeys.contains(k.credentialId())));
            }
        }
        Set<String> wantedIds = new HashSet<>();
        d.keys().forEach(k -> wantedIds.add(k.credentialId()));
        o.ownedKeys().keySet().stream().filter(id -> !wantedIds.contains(id)).sorted().forEach(id ->
                items.add(new Item("keyAuth." + id, "absent", "present", new ConsumerAction.DeleteKey(id), false,
                        fresh || lastKeys.contains(id))));
        d.groups().stream().filter(g -> !o.allGroups().contains(g)).sorted().forEach(g ->
                items.add(new Item("acls." + g, "present", "missing", new ConsumerAction.JoinGroup(g), true,
                        fresh || !lastGroups.contains(g))));
        o.ownedGroups().stream().filter(g -> !d.groups().contains(g)).sorted().forEach(g ->
                items.add(new Item("acls." + g, "absent", "present", new ConsumerAction.LeaveGroup(g), true,
                        fresh || lastGroups.contains(g))));

        List<ConsumerPlan.Step> steps = new ArrayList<>();
        List<ServicePlan.Difference> differences = new ArrayList<>();
        List<ServicePlan.Difference> adoptions = new ArrayList<>();
        for (Item i : items) {
            Verdict verdict = DriftDecision.decide(i.path(), i.specChanged(), i.adoptable(), policy, paused);
            if (verdict == Verdict.IGNORE) {
                continue;
            }
            ServicePlan.Difference diff = new ServicePlan.Difference(i.path(), i.desired(), i.observed(), verdict);
            differences.add(diff);
            if (verdict == Verdict.ADOPT) {
                adoptions.add(diff);
            }
            if (verdict.writes()) {
                steps.add(new ConsumerPlan.Step(i.action(), List.of(i.path())));
            }
        }
        return new ConsumerPlan(List.copyOf(steps), List.copyOf(differences), List.copyOf(adoptions));
    }

    private record Item(String path, Object desired, Object observed, ConsumerAction action, boolean adoptable,
                        boolean specChanged) {
    }
}
