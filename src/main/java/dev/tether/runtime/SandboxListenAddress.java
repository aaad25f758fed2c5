package dev.tether.runtime;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In sandbox mode Tether's API listens on 127.0.0.1 only: a laptop's sandbox prints its token and
 * serves emulated credentials, and has no business on the café's network. {@code SERVER_ADDRESS}
 * (Spring's {@code server.address}) says otherwise, e.g. {@code 0.0.0.0}. Live mode binds as
 * Spring does (every interface), as a Heroku dyno must.
 */
public class SandboxListenAddress implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "server.address";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PROPERTY)) {
            return;
        }
        TetherProperties props = Binder.get(env).bind("tether", TetherProperties.class)
                .orElseGet(() -> new TetherProperties(null, null, null, null, null));
        TetherMode mode;
        try {
            mode = TetherMode.resolve(props);
        } catch (MissingSettingException e) {
            return; // a bad TETHER_MODE is reported by TetherRuntime with its own message
        }
        if (mode == TetherMode.SANDBOX) {
            env.getPropertySources().addLast(new MapPropertySource("tetherSandboxListenAddress", Map.of(PROPERTY, "127.0.0.1")));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
