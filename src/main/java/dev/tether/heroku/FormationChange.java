package dev.tether.heroku;

/**
 * One item of a batch formation update; nulls are left alone.
 *
 * @param type     process type
 * @param quantity dyno count
 * @param size     dyno size name
 */
public record FormationChange(String type, Integer quantity, String size) {
}
