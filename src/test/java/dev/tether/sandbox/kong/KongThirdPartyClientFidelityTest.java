package dev.tether.sandbox.kong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.ungle.kong.client.api.ConsumerApi;
import io.github.ungle.kong.client.api.InformationApi;
import io.github.ungle.kong.client.api.PluginApi;
import io.github.ungle.kong.client.api.RouteApi;
import io.github.ungle.kong.client.api.ServiceApi;
import io.github.ungle.kong.client.api.TagApi;
import io.github.ungle.kong.client.api.plugins.AclApi;
import io.github.ungle.kong.client.api.plugins.KeyAuthCredentialsApi;
import io.github.ungle.kong.client.enums.HttpMethod;
import io.github.ungle.kong.client.enums.ProtocolEnum;
import io.github.ungle.kong.client.feignclient.KongClientFactory;
import io.github.ungle.kong.client.model.IdNameRelation;
import io.github.ungle.kong.client.model.plugins.CustomizedMapConfig;
import io.github.ungle.kong.client.model.plugins.authentication.KeyAuthenticationConfig;
import io.github.ungle.kong.client.model.plugins.traffic.AclConfig;
import io.github.ungle.kong.client.model.plugins.traffic.RateLimitingConfig;
import io.github.ungle.kong.client.requests.ConsumerRequest;
import io.github.ungle.kong.client.requests.PluginRequest;
import io.github.ungle.kong.client.requests.RouteRequest;
import io.github.ungle.kong.client.requests.ServiceRequest;
import io.github.ungle.kong.client.requests.plugins.AclRequest;
import io.github.ungle.kong.client.requests.plugins.KeyAuthCredentialsRequest;
import io.github.ungle.kong.client.response.ConsumerResponse;
import io.github.ungle.kong.client.response.PluginResponse;
import io.github.ungle.kong.client.response.RouteResponse;
import io.github.ungle.kong.client.response.ServiceResponse;
import io.github.ungle.kong.client.service.TagQueryBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Kong Admin API client nobody here wrote ({@code io.github.ungle:kong-admin-client-core}
 * 2.1.1, Feign + Jackson 2, "Kong tested in 3.1.0") drives the emulator; each call must succeed
 * and leave the state it implies, checked through the emulator's own state.
 */
class KongThirdPartyClientFidelityTest {

    static KongEmulator kong;
    static KongClientFactory factory;

    @BeforeAll
    static void start() {
        kong = KongEmulator.start(0, 0);
        factory = KongClientFactory.builder().addTarget(kong.adminUrl()).build();
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    @BeforeEach
    void clean() {
        kong.reset();
    }

    private static ServiceResponse billingService(ServiceApi services) {
        ServiceRequest req = new ServiceRequest();
        req.setName("billing");
        req.setUrl("http://127.0.0.1:5000/api");
        req.setTags(Set.of("tether", "team-a"));
        return services.add(req);
    }

    @Test
    void readsNodeInformationAndStatus() {
        InformationApi info = factory.getApiInstance(InformationApi.class);
        assertThat(info.getNodeInfo().getVersion()).startsWith("3.");
        assertThat(info.getNodeInfo().getNodeId()).matches(SchemaValidator.UUID);
        assertThat(info.getNodeStatus()).isNotNull();
    }

    @Test
    void createsRetrievesUpdatesAndDeletesAService() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        ServiceResponse created = billingService(services);
        assertThat(created.getId()).matches(SchemaValidator.UUID);
        assertThat(created.getHost()).isEqualTo("127.0.0.1");
        assertThat(created.getPort()).isEqualTo(5000);
        assertThat(created.getPath()).isEqualTo("/api");
        assertThat(created.getProtocol()).isEqualTo(ProtocolEnum.HTTP);
        assertThat(services.retrieve("billing").getId()).isEqualTo(created.getId());

        ServiceRequest patch = new ServiceRequest();
        patch.setPort(5001);
        ServiceResponse updated = services.update(created.getId(), patch);
        assertThat(updated.getPort()).isEqualTo(5001);
        assertThat(updated.getName()).as("PATCH keeps what it did not send").isEqualTo("billing");
        assertThat(kong.find("services", "billing").orElseThrow().get("port").asInt()).isEqualTo(5001);

        services.delete("billing");
        assertThat(kong.find("services", "billing")).isEmpty();
    }

    @Test
    void upsertsAServiceByNameWithPut() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        ServiceRequest req = new ServiceRequest();
        req.setUrl("http://127.0.0.1:6000");
        ServiceResponse first = services.updateOrCreate("orders", req);
        assertThat(first.getName()).isEqualTo("orders");
        req.setUrl("http://127.0.0.1:6001");
        ServiceResponse second = services.updateOrCreate("orders", req);
        assertThat(second.getId()).isEqualTo(first.getId());
        assertThat(second.getPort()).isEqualTo(6001);
        assertThat(kong.list("services")).hasSize(1);
    }

    @Test
    void findsServicesByTagsAndPagesWithOffsets() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        for (int i = 0; i < 3; i++) {
            ServiceRequest req = new ServiceRequest();
            req.setName("svc-" + i);
            req.setHost("h" + i + ".test");
            req.setTags(i == 0 ? Set.of("a", "b") : Set.of("a"));
            services.add(req);
        }
        assertThat(services.findByTag(new TagQueryBuilder().addTag("a").andTag("b")).getData()).hasSize(1);
        assertThat(services.findByTag(new TagQueryBuilder().addTag("b").orTag("a")).getData()).hasSize(3);
        assertThat(services.find().getData()).hasSize(3);
        assertThat(services.find().findOffset()).isNull();
    }

    @Test
    void managesRoutesOfAService() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        RouteApi routes = factory.getApiInstance(RouteApi.class);
        ServiceResponse svc = billingService(services);
        RouteRequest req = new RouteRequest();
        req.setName("billing-route");
        req.setPaths(List.of("/billing"));
        req.setMethods(Set.of(HttpMethod.GET));
        req.setStripPath(true);
        req.setTags(Set.of("tether"));
        RouteResponse route = routes.addByService(svc.getId(), req);
        assertThat(route.getService().getId()).isEqualTo(svc.getId());
        assertThat(route.getPaths()).containsExactly("/billing");
        assertThat(routes.findByService("billing").getData()).hasSize(1);
        assertThat(routes.findByTag(new TagQueryBuilder().addTag("tether")).getData()).hasSize(1);

        RouteRequest patch = new RouteRequest();
        patch.setPreserveHost(true);
        assertThat(routes.update("billing-route", patch).getPreserveHost()).isTrue();

        assertThatThrownBy(() -> services.delete(svc.getId())).as("a service with routes cannot go");
        routes.delete("billing-route");
        services.delete(svc.getId());
        assertThat(kong.list("routes")).isEmpty();
        assertThat(kong.list("services")).isEmpty();
    }

    @Test
    void managesKeyAuthAclRateLimitingAndRequestTransformerPlugins() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        PluginApi plugins = factory.getApiInstance(PluginApi.class);
        ServiceResponse svc = billingService(services);

        PluginRequest keyAuth = new PluginRequest();
        keyAuth.setName("key-auth");
        keyAuth.setConfig(KeyAuthenticationConfig.builder().withKeyNames(Set.of("apikey")).withHideCredentials(true).build());
        PluginResponse ka = plugins.addByService(svc.getId(), keyAuth);
        assertThat(ka.getConfig().get("hide_credentials")).isEqualTo(true);

        PluginRequest acl = new PluginRequest();
        acl.setName("acl");
        acl.setConfig(AclConfig.builder().withAllow(Set.of("billing-readers")).build());
        PluginResponse ac = plugins.addByService(svc.getId(), acl);
        assertThat(ac.getConfig().get("allow")).isEqualTo(List.of("billing-readers"));

        PluginRequest rl = new PluginRequest();
        rl.setName("rate-limiting");
        rl.setConfig(RateLimitingConfig.builder().withMinute(100L).build());
        PluginResponse rate = plugins.addByService(svc.getId(), rl);
        assertThat(((Number) rate.getConfig().get("minute")).intValue()).isEqualTo(100);

        PluginRequest rt = new PluginRequest();
        rt.setName("request-transformer");
        rt.setConfig(CustomizedMapConfig.builder()
                .addProperty("replace", Map.of("headers", List.of("X-Internal-API-Key:k")))
                .addProperty("add", Map.of("headers", List.of("X-Internal-API-Key:k"))).build());
        PluginResponse tr = plugins.addByService(svc.getId(), rt);
        assertThat(tr.getConfig()).containsKeys("remove", "rename", "replace", "add", "append");

        assertThat(plugins.findByService(svc.getId()).getData()).hasSize(4);
        assertThat(kong.list("plugins")).extracting(p -> p.get("name").asString())
                .containsExactlyInAnyOrder("key-auth", "acl", "rate-limiting", "request-transformer");

        PluginRequest disable = new PluginRequest();
        disable.setName("rate-limiting");
        disable.setEnabled(false);
        disable.setConfig(RateLimitingConfig.builder().withMinute(100L).build());
        assertThat(plugins.update(rate.getId(), disable).isEnabled()).isFalse();

        plugins.delete(rate.getId());
        assertThat(kong.find("plugins", rate.getId())).isEmpty();

        assertThatThrownBy(() -> plugins.addByService(svc.getId(), keyAuth)).as("one key-auth per service");
    }

    @Test
    void upsertsAPluginByIdWithPut() {
        PluginApi plugins = factory.getApiInstance(PluginApi.class);
        String id = UUID.randomUUID().toString();
        PluginRequest req = new PluginRequest();
        req.setName("rate-limiting");
        req.setConfig(RateLimitingConfig.builder().withSecond(5L).build());
        req.setEnabled(true);
        PluginResponse p = plugins.updateOrCreate(id, req);
        assertThat(p.getId()).isEqualTo(id);
        assertThat(kong.find("plugins", id).orElseThrow().get("config").get("second").asInt()).isEqualTo(5);
    }

    @Test
    void managesConsumersKeyAuthCredentialsAndAcls() {
        ConsumerApi consumers = factory.getApiInstance(ConsumerApi.class);
        KeyAuthCredentialsApi keys = factory.getApiInstance(KeyAuthCredentialsApi.class);
        AclApi acls = factory.getApiInstance(AclApi.class);

        ConsumerRequest req = new ConsumerRequest();
        req.setUsername("mobile-app");
        req.setCustomId("app-42");
        req.setTags(Set.of("tether"));
        ConsumerResponse c = consumers.add(req);
        assertThat(consumers.retrieve("mobile-app").getId()).isEqualTo(c.getId());
        assertThat(consumers.findByTag(new TagQueryBuilder().addTag("tether")).getData()).hasSize(1);

        KeyAuthCredentialsRequest keyReq = new KeyAuthCredentialsRequest();
        keyReq.setKey("fidelity-key");
        var key = keys.add("mobile-app", keyReq);
        assertThat(key.getConsumer().getId()).isEqualTo(c.getId());
        assertThat(keys.findByConsumer("mobile-app").getData()).hasSize(1);
        var generated = keys.add(c.getId(), new KeyAuthCredentialsRequest());
        assertThat(generated.getKey()).hasSize(32);
        assertThat(keys.retrieveConsumer("fidelity-key").getId()).isEqualTo(c.getId());

        var acl = acls.add("mobile-app", new AclRequest("billing-readers"));
        assertThat(acl.getGroup()).isEqualTo("billing-readers");
        assertThat(acls.findByConsumer("mobile-app").getData()).hasSize(1);
        assertThat(kong.list("acls")).hasSize(1);

        keys.delete("mobile-app", generated.getId());
        assertThat(kong.list("keyauth_credentials")).hasSize(1);

        consumers.delete("mobile-app");
        assertThat(kong.list("consumers")).isEmpty();
        assertThat(kong.list("keyauth_credentials")).as("credentials cascade").isEmpty();
        assertThat(kong.list("acls")).as("acls cascade").isEmpty();
    }

    @Test
    void listsTags() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        billingService(services);
        TagApi tags = factory.getApiInstance(TagApi.class);
        assertThat(tags.find().getData()).extracting(t -> t.getTag()).containsExactlyInAnyOrder("tether", "team-a");
        JsonNode stored = kong.list("services").get(0);
        assertThat(tags.find().getData()).allMatch(t -> t.getEntityId().equals(stored.get("id").asString())
                && t.getEntityName().equals("services"));
    }

    @Test
    void authenticatesWithKeyAuthAgainstAProtectedAdminApi() {
        try (KongEmulator guarded = KongEmulator.start(0, 0, "admin-secret")) {
            InformationApi anonymous = KongClientFactory.builder().addTarget(guarded.adminUrl()).build()
                    .getApiInstance(InformationApi.class);
            assertThatThrownBy(anonymous::getNodeInfo);
            InformationApi keyed = KongClientFactory.builder().addTarget(guarded.adminUrl())
                    .keyAuth("apikey", "admin-secret").build().getApiInstance(InformationApi.class);
            assertThat(keyed.getNodeInfo().getVersion()).startsWith("3.");
        }
    }

    @Test
    void routeServiceReferenceByIdNameRelation() {
        ServiceApi services = factory.getApiInstance(ServiceApi.class);
        RouteApi routes = factory.getApiInstance(RouteApi.class);
        ServiceResponse svc = billingService(services);
        RouteRequest req = new RouteRequest();
        req.setPaths(List.of("/by-relation")); // this client's RouteRequest has no hosts
        req.setService(new IdNameRelation(svc.getId()));
        RouteResponse r = routes.add(req);
        assertThat(r.getService().getId()).isEqualTo(svc.getId());
    }
}
