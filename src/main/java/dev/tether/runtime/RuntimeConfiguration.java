package dev.tether.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Settles the mode and credentials before anything else is built. */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    @Bean
    TetherRuntime tetherRuntime(TetherProperties props) {
        return TetherRuntime.from(props);
    }

    /**
     * Once Tether is up in sandbox mode with a generated token, prints that token once, framed,
     * with the pages' URL and the token's file, after the start log rather than inside it. To the
     * console only, never to a log line: the user needs it to call the API.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> sandboxTokenBanner(TetherRuntime runtime, TetherProperties props) {
        return event -> {
            if (runtime.mode() == TetherMode.SANDBOX && props.apiToken() == null) {
                String pages = event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null
                        ? "http://localhost:" + web.getWebServer().getPort() + "/" : null;
                System.out.print(banner(pages, runtime.apiToken(), runtime.dataDir().resolve(TetherRuntime.TOKEN_FILE)));
                System.out.flush();
            }
        };
    }

    /** The framed block: what to open, the token, and where it is kept. */
    static String banner(String pagesUrl, String token, Path tokenFile) {
        List<String> lines = new ArrayList<>();
        lines.add("Tether is running in sandbox mode.");
        if (pagesUrl != null) {
            lines.add("Status pages: " + pagesUrl + " (log in with the API token)");
        }
        lines.add("API token:    " + token);
        lines.add("Kept in:      " + tokenFile);
        lines.add("Use it:       export TOKEN=$(cat " + tokenFile + ")");
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder("\n+" + "-".repeat(width + 2) + "+\n");
        for (String line : lines) {
            sb.append("| ").append(line).append(" ".repeat(width - line.length())).append(" |\n");
        }
        return sb.append('+').append("-".repeat(width + 2)).append("+\n\n").toString();
    }
}
