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
 * @param billingApp id of the app that owns (is billed for) it; another app's id for an add-on
 *                   merely attached to this one; null when not known
 */
public record ObservedAddon(String id, String name, String service, String plan, List<String> configVars, String state,
                            String billingApp) {

    public ObservedAddon(String id, String name, String service, String plan, List<String> configVars, String state) {
        this(id, name, service, plan, configVars, state, null);
    }

    /** Whether it is the app's own add-on, not another app's attached to it. */
    public boolean ownedBy(String appId) {
        return billingApp == null || billingApp.equals(appId);
    }
}
