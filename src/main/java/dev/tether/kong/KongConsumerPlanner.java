package dev.tether.kong;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what Kong needs for one {@code KongConsumer}: the consumer, one key-auth credential
 * per declared key (with the value Tether generated), and its ACL groups. Credentials and
 * groups carrying Tether's owner tag but no longer declared are removed; others are left alone.
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

    static List<ConsumerAction> plan(Desired d, Observed o) {
        List<ConsumerAction> actions = new ArrayList<>();
        if (o.consumer().isEmpty() || !Objects.equals(o.consumer().get().customId(), d.customId())
                || !Objects.equals(o.consumer().get().username(), d.username())) {
            actions.add(new ConsumerAction.UpsertConsumer(d.username(), d.customId()));
        }
        for (DesiredKey k : d.keys()) {
            if (!Objects.equals(o.ownedKeys().get(k.credentialId()), k.value())) {
                actions.add(new ConsumerAction.SetKey(k.name(), k.credentialId()));
            }
        }
        Set<String> wantedIds = new java.util.HashSet<>();
        d.keys().forEach(k -> wantedIds.add(k.credentialId()));
        o.ownedKeys().keySet().stream().filter(id -> !wantedIds.contains(id)).sorted()
                .forEach(id -> actions.add(new ConsumerAction.DeleteKey(id)));
        d.groups().stream().filter(g -> !o.allGroups().contains(g)).sorted().forEach(g -> actions.add(new ConsumerAction.JoinGroup(g)));
        o.ownedGroups().stream().filter(g -> !d.groups().contains(g)).sorted().forEach(g -> actions.add(new ConsumerAction.LeaveGroup(g)));
        return actions;
    }
}
