package dev.tether.runtime;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settles the mode and credentials before anything else is built. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean
    TetherRuntime tetherRuntime(TetherProperties props) {
        TetherRuntime runtime = TetherRuntime.from(props);
        if (runtime.mode() == TetherMode.SANDBOX && props.apiToken() == null) {
            // Printed to the console, never to a log line: the user needs it to call the API.
            System.out.println("""

                    Tether is running in sandbox mode. API token (also in %s):
                        %s
                    """.formatted(runtime.dataDir().resolve(TetherRuntime.TOKEN_FILE), runtime.apiToken()));
        }
        return runtime;
    }
}
