package dev.tether.heroku;

/**
 * The only app fields Heroku lets a client change after creation; nulls are left alone.
 *
 * @param name        new name
 * @param maintenance maintenance mode
 * @param buildStack  stack for the next build
 */
public record AppChanges(String name, Boolean maintenance, String buildStack) {

    public static AppChanges rename(String name) {
        return new AppChanges(name, null, null);
    }

    public static AppChanges maintenance(boolean on) {
        return new AppChanges(null, on, null);
    }
}
