package dev.tether.ops;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * Log lines in Heroku's logfmt style ({@code TETHER_LOG_FORMAT=logfmt}), one line per event:
 * {@code at=info time=… logger=ControlLoop resource=HerokuApp/web-1 outcome=Failed status=422 msg="…"}.
 * The resource a control-loop pass is about (MDC {@code resource}), SLF4J key-values, and
 * {@code key=value} pairs a message is made of become fields; anything else is {@code msg}. A
 * field whose name says it holds a credential is written as {@code [REDACTED]}, a last guard
 * behind the rule that no secret value is ever logged. Stack traces stay on the same line.
 */
public class LogfmtFormatter implements StructuredLogFormatter<ILoggingEvent> {

    /** {@code key=value} or {@code key="value"}, lenient: a quoted value ends at the quote before the next key. */
    private static final String PAIR_SOURCE =
            "([A-Za-z_][A-Za-z0-9_.\\-]*)=(\"(.*?)\"(?=\\s+[A-Za-z_][A-Za-z0-9_.\\-]*=|\\s*$)|[^\\s\"]+)";
    private static final Pattern PAIR = Pattern.compile(PAIR_SOURCE);
    private static final Pattern PAIRS = Pattern.compile("(?:" + PAIR_SOURCE + "\\s*)+");
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(token|secret|password|passwd|authorization|api[_-]?key|apikey|credential|private[_-]?key).*");

    @Override
    public String format(ILoggingEvent event) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("at", event.getLevel().toString().toLowerCase(Locale.ROOT));
        fields.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        String logger = event.getLoggerName();
        fields.put("logger", logger.substring(logger.lastIndexOf('.') + 1));
        fields.put("thread", event.getThreadName());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach(fields::put);
        }
        if (event.getKeyValuePairs() != null) {
            for (KeyValuePair kv : event.getKeyValuePairs()) {
                fields.put(kv.key, String.valueOf(kv.value));
            }
        }
        String message = event.getFormattedMessage() == null ? "" : event.getFormattedMessage().strip();
        if (!message.isEmpty() && PAIRS.matcher(message).matches()) {
            var m = PAIR.matcher(message);
            while (m.find()) {
                fields.put(m.group(1), m.group(3) != null ? m.group(3).replace("\\\"", "\"") : m.group(2));
            }
        } else if (!message.isEmpty()) {
            fields.put("msg", message);
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            fields.put("error", error.getClassName() + ": " + error.getMessage());
            fields.put("stacktrace", ThrowableProxyUtil.asString(error));
        }
        StringBuilder line = new StringBuilder();
        fields.forEach((k, v) -> {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(k).append('=').append(quote(SECRET_NAME.matcher(k).matches() ? "[REDACTED]" : v));
        });
        return line.append('\n').toString();
    }

    /** logfmt value: bare when it is one plain word, else double-quoted with escapes, never a raw newline. */
    static String quote(String v) {
        if (v == null) {
            return "\"\"";
        }
        boolean plain = !v.isEmpty() && v.chars().noneMatch(c -> c <= ' ' || c == '"' || c == '=' || c == '\\');
        if (plain) {
            return v;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : v.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
