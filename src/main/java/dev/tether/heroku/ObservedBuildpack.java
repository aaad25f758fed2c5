package dev.tether.heroku;

/**
 * One buildpack installation, in order.
 *
 * @param ordinal position, from 0
 * @param url     buildpack URL or registry name, as installed
 * @param name    display name
 */
public record ObservedBuildpack(int ordinal, String url, String name) {
}
