package dev.tether.runtime;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link MissingSettingException} into a start-up report that names the variable. */
class MissingSettingFailureAnalyzer extends AbstractFailureAnalyzer<MissingSettingException> {

    @Override
    protected FailureAnalysis analyze(Throwable root, MissingSettingException cause) {
        return new FailureAnalysis(
                "Tether cannot start: " + cause.getMessage(),
                "Set " + cause.variable() + " in the environment (heroku config:set " + cause.variable()
                        + "=... on Heroku) and start again.",
                cause);
    }
}
