package dev.tether.runtime;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How this Tether process was configured: its mode, where its embedded data lives, and the
 * credentials it was given. Bound from the environment variables Heroku users set
 * ({@code TETHER_MODE}, {@code TETHER_DATA_DIR}, {@code TETHER_API_TOKEN}, {@code DATABASE_URL},
 * {@code HEROKU_API_KEY}) through {@code application.yml}.
 *
 * @param mode         {@code sandbox}, {@code live}, or blank to decide from the credentials
 * @param dataDir      directory of the embedded database and sandbox-generated secrets
 * @param apiToken     the bearer token callers of the REST API must present; blank in sandbox
 *                     mode means "generate one"
 * @param databaseUrl  Heroku-style {@code postgres://user:pass@host:port/db}; blank means embedded
 * @param herokuApiKey the Heroku Platform API token Tether acts with in live mode
 */
@ConfigurationProperties("tether")
public record TetherProperties(
        String mode, Path dataDir, String apiToken, String databaseUrl, String herokuApiKey) {

    public TetherProperties {
        mode = blankToNull(mode);
        apiToken = blankToNull(apiToken);
        databaseUrl = blankToNull(databaseUrl);
        herokuApiKey = blankToNull(herokuApiKey);
        if (dataDir == null) {
            dataDir = Path.of(".tether-data");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
