package dev.tether;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line the running app writes (message and exception message), for tests that
 * assert what the log must never hold. Attach it after the context started: Spring Boot
 * re-initialises Logback then.
 */
public final class LogCapture {

    private static final List<String> LINES = Collections.synchronizedList(new ArrayList<>());
    private static final String NAME = "log-capture";

    private LogCapture() {
    }

    /** Attaches the capturing appender to the root logger, once per JVM. */
    public static void attach() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        if (root.getAppender(NAME) != null) {
            return;
        }
        AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                LINES.add(e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()));
            }
        };
        appender.setName(NAME);
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);
    }

    /** Everything captured so far, one line each. */
    public static String text() {
        synchronized (LINES) {
            return String.join("\n", LINES);
        }
    }
}
