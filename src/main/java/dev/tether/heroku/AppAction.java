package dev.tether.heroku;

import java.util.List;
import java.util.Map;

/**
 * One idempotent change to a Heroku app, as the planner decides it and the reconciler applies
 * it. {@link #describe()} is what the timeline shows: names, never config var values.
 */
public sealed interface AppAction {

    String describe();

    /** Whether this action destroys data (held unless the spec allows it). */
    default boolean destructive() {
        return false;
    }

    record Rename(String from, String to) implements AppAction {
        public String describe() {
            return "rename app " + from + " to " + to;
        }
    }

    /** Moves the app to another team (Heroku's team-app transfer); {@code from} null: a personal app. */
    record Transfer(String from, String to) implements AppAction {
        public String describe() {
            return "transfer app " + (from == null ? "from its personal account" : "from team " + from) + " to team " + to;
        }
    }

    record SetMaintenance(boolean on) implements AppAction {
        public String describe() {
            return "turn maintenance " + (on ? "on" : "off");
        }
    }

    record SetBuildStack(String stack) implements AppAction {
        public String describe() {
            return "set the build stack to " + stack;
        }
    }

    /** Sets and (with a null value) removes config vars in one PATCH. */
    record SetConfigVars(Map<String, String> changes) implements AppAction {
        public String describe() {
            List<String> set = changes.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey).sorted().toList();
            List<String> unset = changes.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).sorted().toList();
            StringBuilder sb = new StringBuilder();
            if (!set.isEmpty()) {
                sb.append("set config vars ").append(String.join(", ", set));
            }
            if (!unset.isEmpty()) {
                sb.append(sb.isEmpty() ? "" : "; ").append("unset config vars ").append(String.join(", ", unset));
            }
            return sb.toString();
        }
    }

    record Scale(List<FormationChange> changes) implements AppAction {
        public String describe() {
            return "scale " + String.join(", ", changes.stream().map(c -> c.type() + "="
                    + (c.quantity() == null ? "" : c.quantity()) + (c.size() == null ? "" : ":" + c.size())).toList());
        }
    }

    record CreateAddon(String plan, String as, Map<String, String> config) implements AppAction {
        public String describe() {
            return "create add-on " + plan + (as == null ? "" : " as " + as);
        }
    }

    record ChangeAddonPlan(String addon, String from, String to) implements AppAction {
        public String describe() {
            return "change add-on " + addon + " from " + from + " to " + to;
        }
    }

    /** @param holdsData the add-on's service stores data ({@link DataServices}): held unless allowed */
    record DestroyAddon(String addon, String plan, boolean holdsData) implements AppAction {
        public String describe() {
            return "destroy add-on " + addon + " (" + plan + ")";
        }

        @Override
        public boolean destructive() {
            return holdsData;
        }
    }

    /** Attaches another app's add-on under {@code as} (DESIGN §2b); the add-on stays that app's. */
    record AttachAddon(String addonId, String addonName, String owner, String as) implements AppAction {
        public String describe() {
            return "attach add-on " + addonName + " of " + owner + " as " + as;
        }
    }

    /** Detaches another app's add-on: nothing is destroyed, it stays with its billing app. */
    record DetachAddon(String attachmentId, String as) implements AppAction {
        public String describe() {
            return "detach add-on attachment " + as;
        }
    }

    record AddDomain(String hostname) implements AppAction {
        public String describe() {
            return "add domain " + hostname;
        }
    }

    record RemoveDomain(String hostname) implements AppAction {
        public String describe() {
            return "remove domain " + hostname;
        }
    }

    record SetBuildpacks(List<String> buildpacks) implements AppAction {
        public String describe() {
            return "set buildpacks " + String.join(", ", buildpacks);
        }
    }

    /** Starts a build of a source tarball; Heroku releases its slug when the build succeeds. */
    record CreateBuild(String sourceUrl, String checksum, String version) implements AppAction {
        public String describe() {
            return "build " + (version == null ? sourceUrl : version);
        }
    }

    /** Releases a slug: the declared one, or a declared build's slug again. */
    record ReleaseSlug(String slugId) implements AppAction {
        public String describe() {
            return "release slug " + slugId;
        }
    }

    /** Releases an OCI image (Fir apps): the declared {@code spec.release.ociImage}. */
    record ReleaseOciImage(String imageId) implements AppAction {
        public String describe() {
            return "release OCI image " + imageId;
        }
    }
}
