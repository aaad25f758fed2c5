package dev.tether.chaos;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to a chaos node with {@code --spring.main.sources}: the shared OkHttp client Kong's
 * Admin API client picks up, with a 2 s read timeout instead of 30 s, so the emulators' injected
 * timeouts (a 2.5 s hang) make the client's own read timeout fire, as a slow Kong would.
 */
@Configuration(proxyBeanMethods = false)
public class ChaosKongTimeouts {

    @Bean
    OkHttpClient chaosKongHttp() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2))
                .writeTimeout(Duration.ofSeconds(2)).build();
    }
}
