package dev.tether.ops;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Chooses the console log format from {@code TETHER_LOG_FORMAT} before logging starts:
 * {@code logfmt} (Heroku's style, {@link LogfmtFormatter}), {@code json} (Spring Boot's
 * structured Logstash JSON) or {@code text} (Spring Boot's usual lines). Unset, a process on a
 * Heroku dyno ({@code DYNO} is set) logs logfmt and any other process logs text. An explicit
 * {@code logging.structured.format.console} wins.
 */
public class LogFormatEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (env.containsProperty(PROPERTY)) {
            return;
        }
        String format = env.getProperty("TETHER_LOG_FORMAT", env.getProperty("tether.log-format", ""));
        if (format.isBlank()) {
            format = env.containsProperty("DYNO") ? "logfmt" : "text";
        }
        String value = switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "logfmt" -> LogfmtFormatter.class.getName();
            case "json" -> "logstash";
            case "text" -> null;
            default -> throw new dev.tether.runtime.MissingSettingException(
                    "TETHER_LOG_FORMAT", "must be logfmt, json or text, was '" + format + "'");
        };
        if (value != null) {
            env.getPropertySources().addLast(new MapPropertySource("tetherLogFormat", Map.of(PROPERTY, value)));
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
