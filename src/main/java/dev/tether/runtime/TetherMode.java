package dev.tether.runtime;

import java.util.Locale;

/**
 * Whether Tether talks to the real Heroku and Kong ({@link #LIVE}) or to the emulators it
 * starts in its own process ({@link #SANDBOX}).
 */
public enum TetherMode {
    SANDBOX,
    LIVE;

    /**
     * DESIGN §6: an explicit {@code TETHER_MODE} wins; unset, the mode is {@code sandbox} when
     * neither {@code HEROKU_API_KEY} nor {@code DATABASE_URL} is set, else {@code live}.
     */
    public static TetherMode resolve(TetherProperties props) {
        if (props.mode() != null) {
            return switch (props.mode().toLowerCase(Locale.ROOT)) {
                case "sandbox" -> SANDBOX;
                case "live" -> LIVE;
                default -> throw new MissingSettingException(
                        "TETHER_MODE", "must be 'sandbox' or 'live', was '" + props.mode() + "'");
            };
        }
        return props.herokuApiKey() == null && props.databaseUrl() == null ? SANDBOX : LIVE;
    }
}
