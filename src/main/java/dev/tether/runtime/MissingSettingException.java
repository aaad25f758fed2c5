package dev.tether.runtime;

/**
 * A required environment variable is missing or malformed. Start-up stops with one line naming
 * the variable (see {@link MissingSettingFailureAnalyzer}), the way a Heroku user expects a
 * misconfigured dyno to fail.
 */
public class MissingSettingException extends RuntimeException {

    private final String variable;

    public MissingSettingException(String variable, String problem) {
        super(variable + " " + problem);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
