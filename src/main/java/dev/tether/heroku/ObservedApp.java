package dev.tether.heroku;

/**
 * An app as Heroku reports it, narrowed to what Tether reconciles plus identity. {@code space}
 * and {@code internalRouting} are fixed at creation on Heroku: drift in them means recreate.
 *
 * @param id              the app's UUID: the identity Tether keys everything on (names change)
 * @param name            current name
 * @param region          region name, e.g. {@code us}
 * @param stack           stack name, e.g. {@code heroku-24}
 * @param buildStack      stack the next build uses
 * @param space           Private Space name, or null
 * @param team            owning team name, or null for a personal app
 * @param internalRouting true when the app is only reachable inside its space
 * @param webUrl          where the app's web process answers
 * @param maintenance     maintenance mode
 */
public record ObservedApp(String id, String name, String region, String stack, String buildStack, String space,
                          String team, boolean internalRouting, String webUrl, boolean maintenance) {
}
