package dev.tether.reconcile;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing the next pass would do in Heroku or Kong (DESIGN §5 {@code GET /plan}). Values that
 * look secret are never included; config var changes name the vars only.
 *
 * @param action what kind of step: {@code create}, {@code ConfigVarsSet}, {@code Scaled},
 *               {@code held}, {@code replace}, {@code report}, ...
 * @param path   the spec path it concerns, when one does
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanStep(String kind, String name, String action, String path, Object from, Object to, String description) {
}
