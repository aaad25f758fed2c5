package dev.tether.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * DESIGN §2: a config var has one owner, either its app's own {@code spec.configVars} or one
 * ApiKey target. Two owners of one var fight forever (each pass undoes the other's write), so a
 * second claim is refused at apply, naming both. Pure: the caller hands in what is stored and
 * what the request (or a rollback) declares; what is stored owns first, then the request's
 * documents in their order.
 */
final class ConfigVarOwnership {

    private ConfigVarOwnership() {
    }

    /**
     * A resource that may claim config vars.
     *
     * @param document the document's index in the request, or null for a stored resource (or a
     *                 rollback, which has no documents)
     */
    record Claimant(Integer document, Kind kind, String name, ObjectNode spec) {

        static Claimant of(int document, Manifest m) {
            return new Claimant(document, m.kind(), m.name(), m.spec());
        }

        String key() {
            return kind.manifestName() + "/" + name;
        }
    }

    /** One config var on one app, claimed by one resource at one path of its spec. */
    record Claim(String app, String configVar, Claimant owner, String path) {
    }

    /** The HerokuApps whose config vars these claimants claim (the stored claims worth reading). */
    static Set<String> appsClaimedOn(Collection<Claimant> claimants) {
        Set<String> apps = new LinkedHashSet<>();
        for (Claimant c : claimants) {
            claims(c).forEach(claim -> apps.add(claim.app()));
        }
        return apps;
    }

    /**
     * Every claim of {@code requested} on a var that something else already owns: a stored
     * resource, or an earlier document of the same request. Stored claims never conflict with
     * each other here (they were accepted before this rule or by an earlier apply).
     *
     * @param stored    stored HerokuApps and ApiKeys, without those the request replaces and
     *                  those being deleted
     * @param requested the request's documents (or the rolled-back spec), in order
     */
    static List<ManifestProblem> conflicts(Collection<Claimant> stored, List<Claimant> requested) {
        Map<String, Claim> owners = new HashMap<>();
        for (Claimant c : stored) {
            claims(c).forEach(claim -> owners.putIfAbsent(slot(claim), claim));
        }
        List<ManifestProblem> problems = new ArrayList<>();
        for (Claimant c : requested) {
            for (Claim claim : claims(c)) {
                Claim owner = owners.putIfAbsent(slot(claim), claim);
                if (owner == null || owner.owner().key().equals(c.key())) {
                    continue;
                }
                problems.add(new ManifestProblem(c.document(), c.kind().manifestName(), c.name(), claim.path(),
                        c.key() + " " + claim.path() + ": configVar " + claim.configVar() + " on "
                                + Kind.HEROKU_APP.manifestName() + "/" + claim.app() + " is already owned by "
                                + owner.owner().key() + " (" + owner.path() + (owner.owner().document() == null ? "" : ", document "
                                + owner.owner().document()) + "); a config var has one owner",
                        StringNode.valueOf(claim.configVar())));
            }
        }
        return problems;
    }

    /** What one resource claims: a HerokuApp its declared config vars, an ApiKey each target's var. */
    static List<Claim> claims(Claimant c) {
        List<Claim> claims = new ArrayList<>();
        switch (c.kind()) {
            case HEROKU_APP -> {
                JsonNode vars = c.spec().path("configVars");
                if (vars.isObject()) {
                    for (String var : vars.propertyNames()) {
                        claims.add(new Claim(c.name(), var, c, "spec.configVars." + var));
                    }
                }
            }
            case API_KEY -> {
                JsonNode targets = c.spec().path("targets");
                for (int t = 0; t < targets.size(); t++) {
                    JsonNode target = targets.get(t);
                    JsonNode app = target.path("app");
                    if (!app.isString()) {
                        continue;
                    }
                    JsonNode var = target.path("configVar");
                    String name = var.isString() ? var.asString() : ApiKeySpec.DEFAULT_CONFIG_VAR;
                    claims.add(new Claim(app.asString(), name, c, "spec.targets[" + t + "]"));
                    if ("separateVar".equals(c.spec().path("rotationFormat").asString(null))) {
                        // during a rotation the previous key sits in a second var this key owns too
                        claims.add(new Claim(app.asString(), name + ApiKeySpec.PREVIOUS_SUFFIX, c, "spec.targets[" + t + "]"));
                    }
                }
            }
            default -> {
                // other kinds set no app config vars
            }
        }
        return claims;
    }

    private static String slot(Claim claim) {
        return claim.app() + "\u0000" + claim.configVar();
    }
}
