package dev.tether.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Registers the annotated configuration or bean only when Tether resolves to sandbox mode
 * (DESIGN §6), e.g. the emulators started in Tether's own process.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(SandboxModeCondition.class)
public @interface ConditionalOnSandboxMode {
}
