package dev.tether.sandbox.heroku;

import dev.tether.heroku.HerokuEndpoint;
import dev.tether.runtime.ConditionalOnSandboxMode;
import dev.tether.runtime.TetherProperties;
import dev.tether.sandbox.SandboxProperties;
import dev.tether.sandbox.StateFile;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * In sandbox mode, starts the Heroku emulator on {@code TETHER_SANDBOX_HEROKU_PORT} (8100) for
 * the life of the application and points Tether's Heroku client at it. Tether's token there is
 * {@code HEROKU_API_KEY} when set, else a generated one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnSandboxMode
class HerokuSandboxConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HerokuSandboxConfiguration.class);

    @Bean(destroyMethod = "close")
    HerokuEmulator herokuEmulator(SandboxProperties sandbox, TetherProperties tether) {
        // The emulated account outlives a restart, beside Tether's own data (TETHER_DATA_DIR/sandbox/heroku.json).
        HerokuEmulator emulator = HerokuEmulator.start(sandbox.herokuPort(),
                tether.herokuApiKey() != null ? tether.herokuApiKey() : HerokuEmulator.generatedToken(), sandbox.idleTimeout(),
                StateFile.in(tether.dataDir(), "heroku"));
        // The Dashboard user's token is documented in the README; no token goes into a log line.
        log.info("Heroku Platform API emulator listening on {} (point the Heroku CLI at it with HEROKU_HOST={})",
                emulator.baseUrl(), emulator.baseUrl());
        return emulator;
    }

    @Bean
    HerokuEndpoint sandboxHerokuEndpoint(HerokuEmulator emulator) {
        return new HerokuEndpoint(URI.create(emulator.baseUrl()), emulator.tetherToken());
    }
}
