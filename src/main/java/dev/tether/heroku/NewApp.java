package dev.tether.heroku;

/**
 * An app to create. With a space, a team or internal routing it is created as a team app
 * ({@code POST /teams/apps}), the only way to set those; otherwise as a personal app.
 *
 * @param name            app name, or null for a generated one
 * @param region          region name, or null for Heroku's default
 * @param stack           stack name, or null for Heroku's default
 * @param space           Private Space name or id, or null
 * @param team            team name, or null
 * @param internalRouting internal routing (spaces only), or null
 */
public record NewApp(String name, String region, String stack, String space, String team, Boolean internalRouting) {

    /** A personal app with Heroku's defaults for everything but the name. */
    public static NewApp named(String name) {
        return new NewApp(name, null, null, null, null, null);
    }

    boolean teamApp() {
        return space != null || team != null || internalRouting != null;
    }
}
