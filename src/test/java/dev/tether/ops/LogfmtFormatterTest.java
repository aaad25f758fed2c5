package dev.tether.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogfmtFormatterTest {

    private final LoggerContext context = new LoggerContext();
    private final LogfmtFormatter formatter = new LogfmtFormatter();

    private LoggingEvent event(String message, Object... args) {
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger("dev.tether.reconcile.ControlLoop"), Level.INFO, message, null, args);
        e.setThreadName("tether-worker-0");
        e.setMDCPropertyMap(Map.of("resource", "HerokuApp/web-1"));
        return e;
    }

    @Test
    void turnsAKeyValueMessageIntoFieldsBesideTheResourceKey() {
        String line = formatter.format(event("resource={} outcome=Failed status={} error=\"{}\"", "HerokuApp/web-1", 422, "Domain is \"taken\""));
        assertThat(line).endsWith("\n").hasLineCount(1);
        assertThat(line).startsWith("at=info time=").contains(" logger=ControlLoop thread=tether-worker-0 resource=HerokuApp/web-1")
                .contains(" outcome=Failed status=422 error=\"Domain is \\\"taken\\\"\"")
                .doesNotContain("msg=");
    }

    @Test
    void keepsAPlainSentenceAsAQuotedMessageOnOneLine() {
        String line = formatter.format(event("Control loop started\nwith 4 workers"));
        assertThat(line).hasLineCount(1).contains("msg=\"Control loop started\\nwith 4 workers\"");
    }

    @Test
    void redactsFieldsNamedLikeCredentials() {
        String line = formatter.format(event("action=connect api_key=hunter2 token=abc password=pw Authorization=\"Bearer x\""));
        assertThat(line).doesNotContain("hunter2").doesNotContain("token=abc").doesNotContain("pw ").doesNotContain("Bearer x")
                .contains("api_key=[REDACTED]").contains("token=[REDACTED]").contains("action=connect");
    }

    @Test
    void putsAStackTraceOnTheSameLine() {
        LoggingEvent e = new LoggingEvent("fqcn", context.getLogger("x.Y"), Level.ERROR, "resource={} outcome=Error",
                new IllegalStateException("boom"), new Object[] {"HerokuApp/a"});
        e.setThreadName("t");
        e.setMDCPropertyMap(Map.of());
        String line = formatter.format(e);
        assertThat(line).hasLineCount(1).startsWith("at=error").contains("error=\"java.lang.IllegalStateException: boom\"")
                .contains("stacktrace=\"java.lang.IllegalStateException: boom\\n");
    }
}
