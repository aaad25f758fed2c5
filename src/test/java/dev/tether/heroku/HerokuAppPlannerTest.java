package dev.tether.heroku;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The pure planner, field kind by field kind: spec changes, drift under each policy, holds. */
class HerokuAppPlannerTest {

    private static final JsonMapper M = JsonMapper.builder().build();

    private static HerokuAppSpec spec(String json) {
        return (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, (ObjectNode) M.readTree(json));
    }

    /** An app as Heroku shows it: web=1 Basic, LOG_LEVEL=info, one redis, one domain. */
    private static ObservedAppState world(Map<String, String> config, int web, String size, List<ObservedAddon> addons,
                                          List<String> domains, String name, boolean maintenance) {
        return new ObservedAppState(
                new ObservedApp("id-1", name, "us", "heroku-24", "heroku-24", null, null, false, "http://x/", maintenance),
                config, List.of(new ObservedFormation("web", web, size)), addons,
                domains.stream().map(d -> new ObservedDomain("d-" + d, d, "custom", null, "succeeded")).toList(),
                List.of(), null);
    }

    private static final ObservedAddon REDIS = new ObservedAddon("a1", "redis-round-1", "heroku-redis", "heroku-redis:mini",
            List.of("REDIS_URL"), "provisioned");

    private static ObservedAppState matching() {
        return world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "redis://x"), 1, "Basic", List.of(REDIS), List.of("a.example.com"),
                "api", false);
    }

    private static final String BASE = """
            {"configVars": {"LOG_LEVEL": "info"}, "formation": {"web": {"quantity": 1, "size": "Basic"}},
             "addons": [{"plan": "heroku-redis:mini", "as": "REDIS"}], "domains": ["a.example.com"], "maintenance": false%s}""";

    private static HerokuAppSpec base(String extra) {
        return spec(BASE.formatted(extra));
    }

    @Test
    void planningAMatchingWorldYieldsNothing() {
        AppPlan plan = HerokuAppPlanner.plan("api", base(""), base(""), matching(), Set.of());
        assertThat(plan.inSync()).isTrue();
    }

    static Stream<Arguments> worldChanges() {
        return Stream.of(
                Arguments.of("config var changed", world(Map.of("LOG_LEVEL", "debug", "REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of("a.example.com"), "api", false),
                        "configVars.LOG_LEVEL", "set config vars LOG_LEVEL"),
                Arguments.of("config var removed", world(Map.of("REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of("a.example.com"), "api", false),
                        "configVars.LOG_LEVEL", "set config vars LOG_LEVEL"),
                Arguments.of("scaled", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 3, "Basic", List.of(REDIS), List.of("a.example.com"), "api", false),
                        "formation.web.quantity", "scale web=1"),
                Arguments.of("resized", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "Standard-2X", List.of(REDIS), List.of("a.example.com"), "api", false),
                        "formation.web.size", "scale web=:Basic"),
                Arguments.of("renamed", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of("a.example.com"), "api-2", false),
                        "name", "rename app api-2 to api"),
                Arguments.of("maintenance on", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of("a.example.com"), "api", true),
                        "maintenance", "turn maintenance off"),
                Arguments.of("add-on destroyed", world(Map.of("LOG_LEVEL", "info"), 1, "Basic", List.of(), List.of("a.example.com"), "api", false),
                        "addons.REDIS", "create add-on heroku-redis:mini as REDIS"),
                Arguments.of("domain removed", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of(), "api", false),
                        "domains[a.example.com]", "add domain a.example.com"),
                Arguments.of("domain added", world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "Basic", List.of(REDIS), List.of("a.example.com", "b.example.com"), "api", false),
                        "domains[b.example.com]", "remove domain b.example.com"));
    }

    @ParameterizedTest(name = "{0}: revert")
    @MethodSource("worldChanges")
    void revertsDriftByDefault(String what, ObservedAppState world, String path, String action) {
        AppPlan plan = HerokuAppPlanner.plan("api", base(""), base(""), world, Set.of());
        assertThat(plan.drift()).extracting(AppPlan.Difference::path).containsExactly(path);
        assertThat(plan.actions()).extracting(AppAction::describe).containsExactly(action);
    }

    @ParameterizedTest(name = "{0}: report")
    @MethodSource("worldChanges")
    void reportsDriftWithoutActing(String what, ObservedAppState world, String path, String action) {
        HerokuAppSpec s = base(", \"driftPolicy\": {\"mode\": \"report\"}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, world, Set.of());
        assertThat(plan.drift()).extracting(AppPlan.Difference::path).containsExactly(path);
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.adoptions()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: ignore")
    @MethodSource("worldChanges")
    void ignoresDriftAtIgnoredPaths(String what, ObservedAppState world, String path, String action) {
        String pattern = path.startsWith("domains") ? "domains" : path; // ignoring a list ignores its items
        HerokuAppSpec s = base(", \"driftPolicy\": {\"ignore\": [\"" + pattern + "\"]}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, world, Set.of());
        assertThat(plan.inSync()).as(plan.toString()).isTrue();
    }

    @ParameterizedTest(name = "{0}: paused")
    @MethodSource("worldChanges")
    void pausedOnlyObserves(String what, ObservedAppState world, String path, String action) {
        HerokuAppSpec s = base(", \"paused\": true");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, world, Set.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.drift()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}: spec change, not drift")
    @MethodSource("worldChanges")
    void aSpecChangeIsCarriedOutEvenUnderReport(String what, ObservedAppState world, String path, String action) {
        // before anything converged there is no last-applied spec: every difference is a change to make
        HerokuAppSpec s = base(", \"driftPolicy\": {\"mode\": \"report\"}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, null, world, Set.of());
        assertThat(plan.drift()).isEmpty();
        assertThat(plan.actions()).extracting(AppAction::describe).containsExactly(action);
    }

    @Test
    void adoptsScalarDriftIntoTheSpec() {
        HerokuAppSpec s = base(", \"driftPolicy\": {\"mode\": \"adopt\"}");
        ObservedAppState w = world(Map.of("LOG_LEVEL", "debug", "REDIS_URL", "r"), 4, "Basic", List.of(REDIS), List.of("a.example.com"), "api-x", false);
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, w, Set.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.adoptions()).extracting(AppPlan.Adoption::path)
                .containsExactlyInAnyOrder("appName", "configVars.LOG_LEVEL", "formation.web.quantity");
    }

    @Test
    void neverTouchesAddonOwnedConfigVarsEvenWhenDeclared() {
        HerokuAppSpec s = spec("{\"configVars\": {\"REDIS_URL\": \"mine\"}, \"addons\": [{\"plan\": \"heroku-redis:mini\", \"as\": \"REDIS\"}]}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, matching(), Set.of());
        assertThat(plan.inSync()).isTrue();
    }

    @Test
    void exactConfigVarsRemovesUndeclaredButNotAddonOrApiKeyOwnedOnes() {
        HerokuAppSpec s = spec("{\"configVarsPolicy\": \"exact\", \"configVars\": {\"LOG_LEVEL\": \"info\"}, "
                + "\"addons\": [{\"plan\": \"heroku-redis:mini\", \"as\": \"REDIS\"}]}");
        ObservedAppState w = world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r", "STRAY", "x", "INTERNAL_API_KEY", "k"), 1, "Basic",
                List.of(REDIS), List.of(), "api", false);
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, w, Set.of("INTERNAL_API_KEY"));
        assertThat(plan.actions()).extracting(AppAction::describe).containsExactly("unset config vars STRAY");
    }

    @Test
    void holdsDestroyingAnAddonUntilTheSpecAllowsIt() {
        HerokuAppSpec without = spec("{\"addons\": []}");
        HerokuAppSpec was = base("");
        AppPlan held = HerokuAppPlanner.plan("api", without, was, matching(), Set.of());
        assertThat(held.actions()).isEmpty();
        assertThat(held.held()).extracting(AppAction::describe).containsExactly("destroy add-on redis-round-1 (heroku-redis:mini)");

        HerokuAppSpec allowed = spec("{\"addons\": [], \"deletionPolicy\": \"Delete\", \"allowDestroyData\": true}");
        AppPlan go = HerokuAppPlanner.plan("api", allowed, was, matching(), Set.of());
        assertThat(go.held()).isEmpty();
        assertThat(go.actions()).extracting(AppAction::describe).containsExactly("destroy add-on redis-round-1 (heroku-redis:mini)");
    }

    /** The same app as {@link #matching()}, owned by {@code team} and sitting in {@code space}. */
    private static ObservedAppState inTeam(String team, String space) {
        ObservedAppState m = matching();
        ObservedApp a = m.app();
        return new ObservedAppState(new ObservedApp(a.id(), a.name(), a.region(), a.stack(), a.buildStack(), space, team,
                false, a.webUrl(), a.maintenance()), m.configVars(), m.formation(), m.addons(), m.domains(), m.buildpacks(),
                m.latestRelease());
    }

    static Stream<Arguments> teamChanges() {
        return Stream.of(
                // spec, last applied, observed team, observed space, expected actions, expected replacements, drift shown
                Arguments.of("{\"team\": \"payments\"}", "{}", null, null,
                        List.of("transfer app from its personal account to team payments"), List.of(), List.of()),
                Arguments.of("{\"team\": \"payments\"}", "{\"team\": \"core\"}", "core", null,
                        List.of("transfer app from team core to team payments"), List.of(), List.of()),
                // transferred by hand: drift, reverted by transferring back
                Arguments.of("{\"team\": \"core\"}", "{\"team\": \"core\"}", "payments", null,
                        List.of("transfer app from team payments to team core"), List.of(), List.of("team")),
                Arguments.of("{\"team\": \"core\", \"driftPolicy\": {\"mode\": \"report\"}}",
                        "{\"team\": \"core\", \"driftPolicy\": {\"mode\": \"report\"}}", "payments", null,
                        List.of(), List.of(), List.of("team")),
                // a Private Space's apps stay with its team: only a replacement moves them
                Arguments.of("{\"team\": \"payments\", \"space\": \"acme-prod\"}", "{\"team\": \"acme\", \"space\": \"acme-prod\"}",
                        "acme", "acme-prod", List.of(), List.of("team"), List.of()),
                Arguments.of("{\"team\": \"acme\"}", "{\"team\": \"acme\"}", "acme", null, List.of(), List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("teamChanges")
    void aTeamChangeIsATransferUnlessAPrivateSpaceHoldsTheApp(String spec, String lastApplied, String team, String space,
                                                              List<String> actions, List<String> replacements, List<String> drift) {
        AppPlan plan = HerokuAppPlanner.plan("api", base(", " + spec.substring(1, spec.length() - 1)),
                base(lastApplied.equals("{}") ? "" : ", " + lastApplied.substring(1, lastApplied.length() - 1)),
                inTeam(team, space), Set.of());
        assertThat(plan.actions()).extracting(AppAction::describe).containsExactlyElementsOf(actions);
        assertThat(plan.replacements()).extracting(AppPlan.Difference::path).containsExactlyElementsOf(replacements);
        assertThat(plan.drift()).extracting(AppPlan.Difference::path).containsExactlyElementsOf(drift);
        assertThat(plan.inSync()).isEqualTo(actions.isEmpty() && replacements.isEmpty() && drift.isEmpty());
    }

    @Test
    void anAddonThatHoldsNoDataIsDestroyedWithoutTheAllowanceOneThatDoesIsHeldByItsService() {
        ObservedAddon logs = new ObservedAddon("a2", "logs-1", "papertrail", "papertrail:choklad", List.of("PAPERTRAIL_API_TOKEN"),
                "provisioned");
        // a Postgres plan with a name no list of plans would know: it is the service that holds data
        ObservedAddon db = new ObservedAddon("a3", "db-1", "heroku-postgresql", "heroku-postgresql:premium-9-ram",
                List.of("DATABASE_URL"), "provisioned");
        ObservedAppState w = world(Map.of("LOG_LEVEL", "info"), 1, "Basic", List.of(logs, db), List.of("a.example.com"), "api", false);
        HerokuAppSpec without = spec("{\"addons\": []}");

        AppPlan plan = HerokuAppPlanner.plan("api", without, without, w, Set.of());

        assertThat(plan.actions()).extracting(AppAction::describe).containsExactly("destroy add-on logs-1 (papertrail:choklad)");
        assertThat(plan.held()).extracting(AppAction::describe).containsExactly("destroy add-on db-1 (heroku-postgresql:premium-9-ram)");
    }

    @Test
    void aDeclaredVarThatAnObservedAddonOwnsIsNamedWithItsAddon() {
        HerokuAppSpec s = spec("{\"configVars\": {\"LOG_LEVEL\": \"info\", \"REDIS_URL\": \"mine\"}}");

        assertThat(HerokuAppPlanner.addonOwnedDeclared(s, matching())).containsOnlyKeys("REDIS_URL").containsValue(REDIS);
        assertThat(HerokuAppPlanner.addonOwnedDeclared(base(""), matching())).isEmpty();
    }

    @Test
    void aTeamTransferredByHandIsAdoptedInAdoptMode() {
        HerokuAppSpec s = base(", \"team\": \"core\", \"driftPolicy\": {\"mode\": \"adopt\"}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, inTeam("payments", null), Set.of());
        assertThat(plan.actions()).isEmpty();
        assertThat(plan.adoptions()).extracting(AppPlan.Adoption::path).containsExactly("team");
        assertThat(plan.adoptions().getFirst().value().asString()).isEqualTo("payments");
    }

    @Test
    void reportsFieldsHerokuCannotChangeInPlace() {
        HerokuAppSpec s = spec("{\"region\": \"eu\"}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, matching(), Set.of());
        assertThat(plan.replacements()).extracting(AppPlan.Difference::path).containsExactly("region");
        assertThat(plan.actions()).isEmpty();
    }

    @Test
    void comparesOnlyWhatTheSpecSets() {
        // Heroku's own defaults (stack, maintenance, other config vars, sizes) never look like drift
        HerokuAppSpec s = spec("{\"configVars\": {\"LOG_LEVEL\": \"info\"}}");
        AppPlan plan = HerokuAppPlanner.plan("api", s, s, matching(), Set.of());
        assertThat(plan.inSync()).isTrue();
    }

    @Test
    void renamesFirstSoLaterCallsUseTheNewName() {
        ObservedAppState w = world(Map.of("LOG_LEVEL", "debug", "REDIS_URL", "r"), 2, "Basic", List.of(REDIS), List.of("a.example.com"), "other", false);
        AppPlan plan = HerokuAppPlanner.plan("api", base(""), base(""), w, Set.of());
        assertThat(plan.actions().getFirst()).isInstanceOf(AppAction.Rename.class);
    }

    @Test
    void sizesCompareWithoutCase() {
        ObservedAppState w = world(Map.of("LOG_LEVEL", "info", "REDIS_URL", "r"), 1, "basic", List.of(REDIS), List.of("a.example.com"), "api", false);
        assertThat(HerokuAppPlanner.plan("api", base(""), base(""), w, Set.of()).inSync()).isTrue();
    }
}
