package dev.tether.sandbox.kong;

import dev.tether.runtime.ConditionalOnSandboxMode;
import dev.tether.kong.KongProperties;
import dev.tether.runtime.TetherProperties;
import dev.tether.sandbox.SandboxProperties;
import dev.tether.sandbox.StateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In sandbox mode, starts the Kong emulator in Tether's process on
 * {@code TETHER_SANDBOX_KONG_ADMIN_PORT} (8001) and {@code TETHER_SANDBOX_KONG_PROXY_PORT}
 * (8000), stopped with the application. A {@code KONG_ADMIN_TOKEN} protects its Admin API the
 * way heroku-kong does, so the token path is exercised in the sandbox too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandboxMode
class KongEmulatorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KongEmulatorConfiguration.class);

    /** The emulator as the default gateway's endpoint: what product code sees of it. */
    @Bean
    dev.tether.kong.KongEndpoint sandboxKongEndpoint(KongEmulator kong) {
        return new dev.tether.kong.KongEndpoint(kong.adminUrl(), kong.proxyUrl());
    }

    @Bean(destroyMethod = "close")
    KongEmulator kongEmulator(SandboxProperties ports, KongProperties kongProperties, TetherProperties tether) {
        String adminToken = kongProperties.adminToken() == null ? "" : kongProperties.adminToken();
        // The emulated gateway outlives a restart, beside Tether's own data (TETHER_DATA_DIR/sandbox/kong.json).
        KongEmulator kong = KongEmulator.start(ports.kongAdminPort(), ports.kongProxyPort(), adminToken, ports.idleTimeout(),
                StateFile.in(tether.dataDir(), "kong"));
        log.info("Kong emulator: Admin API {}, proxy {}{}", kong.adminUrl(), kong.proxyUrl(),
                adminToken.isBlank() ? "" : " (Admin API needs the apikey header)");
        return kong;
    }
}
