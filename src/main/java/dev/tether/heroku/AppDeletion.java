package dev.tether.heroku;

import java.util.List;

/**
 * What destroying an app destroys with it: the app and every add-on billed to it, those that hold
 * data ({@link DataServices}) marked. The clean-up holds it while any add-on holds data and the
 * spec does not say {@code allowDestroyData: true}; a dry-run delete answers it.
 */
record AppDeletion(String app, String id, List<ObservedAddon> addons) {

    /** Only the app's own add-ons go with it: another app's, attached to it, is only detached. */
    static AppDeletion of(ObservedApp app, List<ObservedAddon> addons) {
        return new AppDeletion(app.name(), app.id(), addons.stream().filter(a -> a.ownedBy(app.id())).toList());
    }

    List<ObservedAddon> dataAddons() {
        return addons.stream().filter(a -> DataServices.holdsData(a.service())).toList();
    }

    boolean holdsData() {
        return !dataAddons().isEmpty();
    }

    /** {@code destroy app shop (id) with its add-ons shop-db (heroku-postgresql:standard-2, holds data)}. */
    String describe() {
        String base = "destroy app " + app + " (" + id + ")";
        if (addons.isEmpty()) {
            return base;
        }
        return base + " with its add-ons " + String.join(", ", addons.stream().map(a -> a.name() + " (" + a.plan()
                + (DataServices.holdsData(a.service()) ? ", holds data" : "") + ")").toList());
    }
}
