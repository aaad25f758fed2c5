package dev.tether.heroku;

import java.util.List;

/**
 * An add-on attached to an app.
 *
 * @param id         add-on UUID
 * @param name       globally unique add-on name
 * @param service    add-on service, e.g. {@code heroku-postgresql}
 * @param plan       full plan name, e.g. {@code heroku-postgresql:essential-0}
 * @param configVars names of the config vars it sets on the app, e.g. {@code DATABASE_URL}
 * @param state      {@code provisioning}, {@code provisioned} or {@code deprovisioned}
 */
public record ObservedAddon(String id, String name, String service, String plan, List<String> configVars, String state) {
}
