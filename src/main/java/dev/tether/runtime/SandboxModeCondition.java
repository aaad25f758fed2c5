package dev.tether.runtime;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Resolves the mode from the environment with the same rule as {@link TetherMode#resolve}. */
class SandboxModeCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        TetherProperties props = Binder.get(context.getEnvironment())
                .bind("tether", TetherProperties.class)
                .orElseGet(() -> new TetherProperties(null, null, null, null, null));
        try {
            return TetherMode.resolve(props) == TetherMode.SANDBOX;
        } catch (MissingSettingException e) {
            return false; // a bad TETHER_MODE is reported by TetherRuntime with its own message
        }
    }
}
