package dev.tether.secrets;

import dev.tether.status.External;
import java.util.List;

/**
 * What a Secret's status records (its {@code status.external}): never a value.
 *
 * @param keys             the keys it holds
 * @param valuesGeneration the generation its values were stored at: a new one wakes the apps that read them
 */
public record SecretExternal(List<String> keys, Long valuesGeneration) implements External {
}
