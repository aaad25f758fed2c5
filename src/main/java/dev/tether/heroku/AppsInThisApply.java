package dev.tether.heroku;

import dev.tether.manifest.HerokuAppSpec;
import dev.tether.manifest.Kind;
import dev.tether.manifest.ResourceSpec;
import dev.tether.reconcile.InThisApply;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Heroku app a HerokuApp document of a dry run would manage, as its first pass finds it: the
 * app of its name on Heroku (adopted, or refused as someone else's) with its id and web URL, or
 * none (the apply creates it). Reads only.
 */
@Component
class AppsInThisApply implements InThisApply.AppFinder {

    private final HerokuClient heroku;

    AppsInThisApply(HerokuClient heroku) {
        this.heroku = heroku;
    }

    @Override
    public InThisApply.App find(String name, ObjectNode spec) {
        HerokuAppSpec app = (HerokuAppSpec) ResourceSpec.of(Kind.HEROKU_APP, spec);
        return heroku.getApp(app.appNameOr(name)).map(a -> new InThisApply.App(a.id(), a.webUrl()))
                .orElseGet(() -> new InThisApply.App(null, null));
    }
}
