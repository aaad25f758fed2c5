package dev.tether.kong;

import dev.tether.sandbox.kong.KongEmulator;
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
                              ObjectProvider<KongEmulator> emulator) {
        OkHttpClient http = sharedHttp.getIfAvailable(() -> KongAdminClient.http(Duration.ofSeconds(10), Duration.ofSeconds(30)));
        String adminUrl = props.adminUrl();
        KongEmulator sandbox = emulator.getIfAvailable();
        if (adminUrl == null && sandbox != null) {
            adminUrl = sandbox.adminUrl();
        }
        return new KongGateways(http, adminUrl, props.adminToken());
    }
}
