package dev.tether.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One entry of a resource's timeline (DESIGN §4): {@code Created}, {@code Updated},
 * {@code DriftDetected}, {@code DriftReverted}, ... Never carries a secret value.
 *
 * @param kind  the resource's kind ({@code HerokuApp}); kept after the resource is deleted
 * @param name  the resource's name, likewise
 * @param actor who caused it: a Heroku user from a release or webhook, {@code api} for a
 *              manifest POST, {@code tether} for the loop itself
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceEvent(Long id, String kind, String name, EventType type, String reason, String message, String actor, Instant time) {
}
