package dev.tether.kong;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires {@link KongGateways}; in sandbox mode the default gateway is the running emulator. */
@Configuration(proxyBeanMethods = false)
class KongClientConfiguration {

    @Bean
    KongGateways kongGateways(KongProperties props, ObjectProvider<OkHttpClient> sharedHttp,
                              ObjectProvider<KongEndpoint> sandboxEndpoint) {
        OkHttpClient http = sharedHttp.getIfAvailable(() -> KongAdminClient.http(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        String adminUrl = props.adminUrl();
        KongEndpoint sandbox = sandboxEndpoint.getIfAvailable();
        if (adminUrl == null && sandbox != null) {
            adminUrl = sandbox.adminUrl();
        }
        return new KongGateways(http, adminUrl, props.adminToken());
    }
}
