package dev.tether.heroku;

/**
 * One process type's scale.
 *
 * @param type     process type, e.g. {@code web}
 * @param quantity dyno count
 * @param size     dyno size name, e.g. {@code Standard-1X}
 */
public record ObservedFormation(String type, int quantity, String size) {
}
