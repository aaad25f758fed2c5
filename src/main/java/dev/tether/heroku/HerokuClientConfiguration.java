package dev.tether.heroku;

import dev.tether.runtime.TetherProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the one {@link HerokuClient}: against the sandbox emulator when sandbox mode published
 * a {@link HerokuEndpoint}, else against {@code tether.heroku.base-url} with
 * {@code HEROKU_API_KEY}.
 */
@Configuration(proxyBeanMethods = false)
class HerokuClientConfiguration {

    @Bean(destroyMethod = "close")
    HerokuClient herokuClient(HerokuProperties props, TetherProperties tether, ObjectProvider<HerokuEndpoint> sandboxEndpoint,
                              ObjectProvider<MeterRegistry> registry) {
        HerokuEndpoint endpoint = sandboxEndpoint.getIfAvailable(() -> new HerokuEndpoint(props.baseUrl(), tether.herokuApiKey()));
        return HerokuClient.create(endpoint, props, registry.getIfAvailable());
    }
}
