package dev.tether.heroku;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.tether.status.External;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a HerokuApp's status records about Heroku (its {@code status.external}): the app Tether
 * tracks, by id, and what other kinds read of it (an ApiKey's targets and an add-on attachment
 * follow {@link #id()}; a KongService's upstream and a config var's {@code valueFrom.app} read
 * {@link #webUrl()} and {@link #name()}).
 *
 * @param id                the Heroku app id; null before the app is created (or after it was destroyed outside Tether)
 * @param name              the app's name on Heroku
 * @param webUrl            the app's web URL
 * @param webhook           whether Tether's webhook subscription on the app is in place
 * @param creating          the create Tether started but has not seen answered (see {@link Creating})
 * @param valueFromVersions the version of each config var's resolved {@code valueFrom}, by var
 * @param replacement       the replacement under way, if any ({@link Replacement}, kept by {@link AppReplacer})
 * @param retiredApps       the apps earlier replacements left behind (their add-ons are carried by this app)
 * @param slug              the slug the app's current release runs (an app promoting it, {@code release.fromApp}, follows it)
 * @param promotedSlug      the slug this app last promoted from its {@code release.fromApp} ({@link PromotedRelease})
 * @param observation       what the last full observation saw and when (a heartbeat in any worker process compares with it)
 */
public record HerokuAppExternal(String id, String name, String webUrl, Boolean webhook, Creating creating,
                                Map<String, String> valueFromVersions, Replacement replacement,
                                List<RetiredApp> retiredApps, String slug, String promotedSlug,
                                Observation observation) implements External {

    /**
     * The last full observation of the app, kept in the status so that every worker process sees
     * it: a routine poll of an app with working webhooks is then one conditional releases read
     * (a heartbeat) while the newest release is still {@code release} and {@code fullAt} is
     * recent enough (see {@link Heartbeat}).
     *
     * @param release             the newest release's version then; null when the app had none
     * @param fullAt              when
     * @param hookCheckedAt       when Tether's webhook subscription was last listed
     * @param deliveriesLostSince set when a heartbeat found a release no delivery announced: the
     *                            app is polled as one without webhooks until a delivery arrives
     */
    public record Observation(Integer release, Instant fullAt, Instant hookCheckedAt, Instant deliveriesLostSince) {
    }

    /** An app a finished replacement retired: kept, renamed and scaled to zero, until deleted explicitly. */
    public record RetiredApp(String id, String name) {
    }

    /**
     * The intent recorded before Tether's create: a crash after Heroku created the app but before
     * its id was stored is healed by recognising the app, never by creating twice.
     *
     * @param name  the app name Tether asked for
     * @param since when; null for a marker written before the time was recorded (a bare name)
     */
    public record Creating(String name, Instant since) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Creating {
        }

        /** A marker from before the time was recorded: the stored value is the bare name. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Creating named(String name) {
            return new Creating(name, null);
        }
    }

    /** The web URL's host name, or null while there is no web URL. */
    public String webHost() {
        return webUrl == null ? null : URI.create(webUrl).getHost();
    }

    /** Tracking this app from now on: its id, name and web URL (an app without one keeps the last known). */
    HerokuAppExternal identified(ObservedApp app) {
        return new HerokuAppExternal(app.id(), app.name(), app.webUrl() != null ? app.webUrl() : webUrl, webhook, null,
                valueFromVersions, replacement, retiredApps, slug, promotedSlug, observation);
    }

    /** The app is gone from Heroku: neither its id, its web URL nor what was observed of it holds any longer. */
    HerokuAppExternal withoutApp() {
        return new HerokuAppExternal(null, name, null, webhook, creating, valueFromVersions, replacement, retiredApps, slug, promotedSlug, null);
    }

    HerokuAppExternal withCreating(Creating marker) {
        return new HerokuAppExternal(id, name, webUrl, webhook, marker, valueFromVersions, replacement, retiredApps, slug, promotedSlug, observation);
    }

    HerokuAppExternal withoutCreating() {
        return withCreating(null);
    }

    HerokuAppExternal withWebhook(boolean hooked) {
        return new HerokuAppExternal(id, name, webUrl, hooked, creating, valueFromVersions, replacement, retiredApps, slug, promotedSlug, observation);
    }

    /** With the resolved versions; null or empty drops them. */
    HerokuAppExternal withValueFromVersions(Map<String, String> versions) {
        return new HerokuAppExternal(id, name, webUrl, webhook, creating,
                versions == null || versions.isEmpty() ? null : versions, replacement, retiredApps, slug, promotedSlug, observation);
    }

    /** With the slug the current release runs and the one promoted from the source app (null drops either). */
    HerokuAppExternal withSlugs(String running, String promoted) {
        return new HerokuAppExternal(id, name, webUrl, webhook, creating, valueFromVersions, replacement, retiredApps, running,
                promoted, observation);
    }

    /** With the last full observation's record. */
    HerokuAppExternal withObservation(Observation seen) {
        return new HerokuAppExternal(id, name, webUrl, webhook, creating, valueFromVersions, replacement, retiredApps, slug, promotedSlug,
                seen);
    }
}
