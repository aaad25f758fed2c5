package dev.tether.kong;

import dev.tether.status.External;
import java.util.Map;

/**
 * What a KongConsumer's status records about Kong (its {@code status.external}).
 *
 * @param consumerId the Kong consumer's id
 * @param username   its username
 * @param keyAuth    its key-auth credentials by name, values always masked
 */
public record KongConsumerExternal(String consumerId, String username, Map<String, String> keyAuth) implements External {
}
