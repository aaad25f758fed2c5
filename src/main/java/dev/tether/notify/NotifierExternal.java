package dev.tether.notify;

import dev.tether.status.External;
import java.util.List;

/**
 * What a Notifier's status records (its {@code status.external}): where it delivers and its backlog.
 *
 * @param urlEnv         the environment variable holding the URL
 * @param urlSet         whether that variable is set (never the URL)
 * @param format         the message format
 * @param events         the event types it delivers
 * @param signingKeyFrom where the signing key comes from, for a person
 * @param pending        messages waiting in the outbox
 * @param retrying       messages being retried
 * @param lastError      the last delivery error, while one is being retried
 */
public record NotifierExternal(String urlEnv, Boolean urlSet, String format, List<String> events, String signingKeyFrom,
                               Long pending, Long retrying, String lastError) implements External {
}
