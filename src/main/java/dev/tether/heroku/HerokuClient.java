package dev.tether.heroku;

import dev.tether.http.IdleConnections;
import dev.tether.http.JacksonConverterFactory;
import dev.tether.http.PermanentException;
import dev.tether.http.RetryPolicy;
import dev.tether.http.RetryableException;
import dev.tether.reconcile.Lease;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tether's Heroku Platform API client: the calls a reconciler needs, answering narrow observed
 * records. Underneath, one OkHttp client carries the token and v3 {@code Accept} header, an
 * ETag cache (a 304 is answered from the cache), the rate budget (read from
 * {@code RateLimit-Remaining}, exposed as the gauge {@value #RATE_GAUGE}, calls paced when low),
 * and lists are followed across {@code Range}/{@code Next-Range} pages.
 *
 * <p>Failures are decided here: I/O errors, 5xx and 429 throw {@link RetryableException} at once,
 * and so does a call the low budget's pacing holds back. Nothing is resent or waited out inside
 * the call (no worker thread sleeps): the {@code Retry-After}, or the loop's backoff, becomes a
 * requeue ({@link RetryPolicy}); any other 4xx throws
 * {@link PermanentException} with Heroku's error {@code id} and message. A 404 on a read is
 * {@link Optional#empty()}; a 404 on a delete means it is already gone ({@code false}).
 *
 * <p>Every request that changes something first passes {@link Lease#checkBeforeWrite}: in a
 * pass whose key another worker has taken over it throws
 * {@link dev.tether.http.LeaseLostException} and nothing is sent.
 */
public final class HerokuClient implements AutoCloseable {

    /** Micrometer gauge of the last {@code RateLimit-Remaining} Heroku reported. */
    public static final String RATE_GAUGE = "tether.heroku.rate_limit.remaining";

    private static final Logger log = LoggerFactory.getLogger(HerokuClient.class);
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final HerokuApi api;
    private final OkHttpClient http;
    private final RateBudget budget;
    private final EtagCache cache;
    private final HerokuProperties props;

    HerokuClient(HerokuEndpoint endpoint, HerokuProperties props, MeterRegistry registry, LongSupplier nanoClock) {
        this.props = props;
        this.budget = new RateBudget(props.paceBelow(), nanoClock);
        this.cache = new EtagCache(2000);
        // Pooled connections are dropped before Heroku's router drops them (60 s idle), and a
        // call a closed idle connection cut off is resent once (IdleConnections).
        this.http = IdleConnections.install(new OkHttpClient.Builder())
                .connectTimeout(props.connectTimeout())
                .readTimeout(props.readTimeout())
                // Never resend on its own: a POST whose answer was lost may have been carried
                // out. The loop re-observes before it acts again, so nothing is created twice.
                .retryOnConnectionFailure(false)
                .addInterceptor(new HerokuHeaders(endpoint.token()))
                .addInterceptor(budget)
                .addInterceptor(cache)
                // last, right before sending: a worker whose lease was taken over writes nothing
                .addInterceptor(chain -> {
                    Lease.checkBeforeWrite(chain.request().method());
                    return chain.proceed(chain.request());
                })
                .build();
        String base = endpoint.baseUrl().toString();
        this.api = new Retrofit.Builder()
                .baseUrl(base.endsWith("/") ? base : base + "/")
                .client(http)
                .addConverterFactory(JacksonConverterFactory.create(MAPPER))
                .build()
                .create(HerokuApi.class);
        if (registry != null) {
            Gauge.builder(RATE_GAUGE, budget, RateBudget::remaining)
                    .description("Heroku API rate-limit tokens left, as Heroku last reported")
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** A client for the endpoint; {@code registry} may be null (no gauge). */
    public static HerokuClient create(HerokuEndpoint endpoint, HerokuProperties props, MeterRegistry registry) {
        return new HerokuClient(endpoint, props, registry, System::nanoTime);
    }

    /** The last {@code RateLimit-Remaining} Heroku sent (4500 before the first call). */
    public int rateLimitRemaining() {
        return budget.remaining();
    }

    /** How many reads were answered from the ETag cache after a 304. */
    public long cacheHits() {
        return cache.hits();
    }

    // ----- apps

    public Optional<ObservedApp> getApp(String idOrName) {
        return read("GET /apps/" + idOrName, () -> api.getApp(idOrName)).map(HerokuClient::app);
    }

    public List<ObservedApp> listApps() {
        return readAll("GET /apps", firstPage(), api::listApps).orElseThrow().stream().map(HerokuClient::app).toList();
    }

    public ObservedApp createApp(NewApp app) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "name", app.name());
        putIfSet(body, "region", app.region());
        putIfSet(body, "stack", app.stack());
        if (app.teamApp()) {
            putIfSet(body, "space", app.space());
            putIfSet(body, "team", app.team());
            putIfSet(body, "internal_routing", app.internalRouting());
            return app(write("POST /teams/apps", () -> api.createTeamApp(body)));
        }
        return app(write("POST /apps", () -> api.createApp(body)));
    }

    public ObservedApp updateApp(String idOrName, AppChanges changes) {
        Map<String, Object> body = new LinkedHashMap<>();
        putIfSet(body, "name", changes.name());
        putIfSet(body, "maintenance", changes.maintenance());
        putIfSet(body, "build_stack", changes.buildStack());
        return app(write("PATCH /apps/" + idOrName, () -> api.updateApp(idOrName, body)));
    }

    /**
     * Transfers the app to a team ({@code PATCH /teams/apps/{app}} with {@code owner}, what
     * {@code heroku apps:transfer TEAM} sends). A team the account cannot see is Heroku's 404.
     */
    public ObservedApp transferApp(String idOrName, String team) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", team);
        return app(write("PATCH /teams/apps/" + idOrName, () -> api.updateTeamApp(idOrName, body)));
    }

    /** Deletes the app; false when it was already gone. */
    public boolean deleteApp(String idOrName) {
        return delete("DELETE /apps/" + idOrName, () -> api.deleteApp(idOrName));
    }

    // ----- config vars

    public Optional<Map<String, String>> getConfigVars(String app) {
        return read("GET /apps/" + app + "/config-vars", () -> api.getConfigVars(app));
    }

    /** Sets the given vars, deleting those mapped to null; returns the whole resulting map. */
    public Map<String, String> patchConfigVars(String app, Map<String, String> changes) {
        Map<String, String> body = new LinkedHashMap<>(changes);
        return write("PATCH /apps/" + app + "/config-vars", () -> api.patchConfigVars(app, body));
    }

    // ----- formation

    public Optional<List<ObservedFormation>> listFormation(String app) {
        return readAll("GET /apps/" + app + "/formation", firstPage(), range -> api.listFormation(app, range))
                .map(list -> list.stream().map(HerokuClient::formation).toList());
    }

    /**
     * The app's dynos of {@code type} and how many of them are {@code up} (GET /apps/{app}/dynos):
     * {@code [up, all]}, or empty when the app is gone.
     */
    public Optional<int[]> dynosUp(String app, String type) {
        return readAll("GET /apps/" + app + "/dynos", firstPage(), range -> api.listDynos(app, range))
                .map(list -> {
                    List<Wire.Dyno> ofType = list.stream().filter(d -> type.equals(d.type())).toList();
                    return new int[] {(int) ofType.stream().filter(d -> "up".equals(d.state())).count(), ofType.size()};
                });
    }

    public List<ObservedFormation> batchUpdateFormation(String app, List<FormationChange> changes) {
        List<Map<String, Object>> updates = new ArrayList<>();
        for (FormationChange c : changes) {
            Map<String, Object> u = new LinkedHashMap<>();
            u.put("type", c.type());
            putIfSet(u, "quantity", c.quantity());
            if (c.size() != null) {
                u.put("dyno_size", Map.of("name", c.size()));
            }
            updates.add(u);
        }
        return write("PATCH /apps/" + app + "/formation", () -> api.batchUpdateFormation(app, Map.of("updates", updates)))
                .stream().map(HerokuClient::formation).toList();
    }

    // ----- add-ons

    public Optional<List<ObservedAddon>> listAddons(String app) {
        return readAll("GET /apps/" + app + "/addons", firstPage(), range -> api.listAddons(app, range))
                .map(list -> list.stream().map(HerokuClient::addon).toList());
    }

    public ObservedAddon createAddon(String app, NewAddon addon) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", addon.plan());
        putIfSet(body, "name", addon.name());
        if (addon.attachmentName() != null) {
            body.put("attachment", Map.of("name", addon.attachmentName()));
        }
        if (addon.config() != null && !addon.config().isEmpty()) {
            body.put("config", addon.config());
        }
        return addon(write("POST /apps/" + app + "/addons", () -> api.createAddon(app, body)));
    }

    public ObservedAddon updateAddonPlan(String app, String addon, String plan) {
        return addon(write("PATCH /apps/" + app + "/addons/" + addon, () -> api.updateAddon(app, addon, Map.of("plan", plan))));
    }

    /** Deprovisions the add-on; false when it was already gone. */
    public boolean deleteAddon(String app, String addon) {
        return delete("DELETE /apps/" + app + "/addons/" + addon, () -> api.deleteAddon(app, addon));
    }

    /** Every add-on attachment on the app: its own add-ons' and other apps' add-ons attached to it. */
    public Optional<List<ObservedAttachment>> listAttachments(String app) {
        return readAll("GET /apps/" + app + "/addon-attachments", firstPage(), range -> api.listAttachments(app, range))
                .map(list -> list.stream().map(a -> new ObservedAttachment(a.id(), a.name(),
                        a.addon() == null ? null : a.addon().id(), a.addon() == null ? null : a.addon().name(),
                        a.addon() == null || a.addon().app() == null ? null : a.addon().app().id())).toList());
    }

    /** Attaches an add-on (of another app) to {@code app} under {@code name} (POST /addon-attachments). */
    public void createAttachment(String addonId, String app, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("addon", addonId);
        body.put("app", app);
        body.put("name", name);
        write("POST /addon-attachments", () -> api.createAttachment(body));
    }

    /** Detaches; false when it was already gone. The add-on itself stays with its billing app. */
    public boolean deleteAttachment(String attachmentId) {
        return delete("DELETE /addon-attachments/" + attachmentId, () -> api.deleteAttachment(attachmentId));
    }

    // ----- domains

    public Optional<List<ObservedDomain>> listDomains(String app) {
        return readAll("GET /apps/" + app + "/domains", firstPage(), range -> api.listDomains(app, range))
                .map(list -> list.stream().map(HerokuClient::domain).toList());
    }

    public ObservedDomain addDomain(String app, String hostname) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("hostname", hostname);
        body.put("sni_endpoint", null);
        return domain(write("POST /apps/" + app + "/domains", () -> api.addDomain(app, body)));
    }

    /** Removes the domain (by hostname or id); false when it was already gone. */
    public boolean removeDomain(String app, String hostnameOrId) {
        return delete("DELETE /apps/" + app + "/domains/" + hostnameOrId, () -> api.removeDomain(app, hostnameOrId));
    }

    // ----- buildpacks

    public Optional<List<ObservedBuildpack>> listBuildpacks(String app) {
        return read("GET /apps/" + app + "/buildpack-installations", () -> api.listBuildpacks(app))
                .map(list -> list.stream().map(HerokuClient::buildpack).toList());
    }

    /** Replaces the whole ordered list. */
    public List<ObservedBuildpack> replaceBuildpacks(String app, List<String> buildpacks) {
        List<Map<String, Object>> updates = buildpacks.stream().<Map<String, Object>>map(b -> Map.of("buildpack", b)).toList();
        return write("PUT /apps/" + app + "/buildpack-installations", () -> api.replaceBuildpacks(app, Map.of("updates", updates)))
                .stream().map(HerokuClient::buildpack).toList();
    }

    // ----- webhooks

    public Optional<List<ObservedWebhook>> listAppWebhooks(String app) {
        return readAll("GET /apps/" + app + "/webhooks", firstPage(), range -> api.listWebhooks(app, range))
                .map(list -> list.stream().map(HerokuClient::webhook).toList());
    }

    public CreatedWebhook createAppWebhook(String app, NewWebhook webhook) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", webhook.url());
        body.put("include", webhook.include());
        body.put("level", webhook.level());
        putIfSet(body, "secret", webhook.secret());
        putIfSet(body, "authorization", webhook.authorization());
        Response<Wire.Webhook> response = send("POST /apps/" + app + "/webhooks", () -> api.createWebhook(app, body), false);
        return new CreatedWebhook(webhook(response.body()), Optional.ofNullable(response.headers().get("Heroku-Webhook-Secret")));
    }

    /** Deletes the webhook; false when it was already gone. */
    public boolean deleteAppWebhook(String app, String webhookId) {
        return delete("DELETE /apps/" + app + "/webhooks/" + webhookId, () -> api.deleteWebhook(app, webhookId));
    }

    // ----- releases

    /** The newest {@code max} releases, newest first. */
    public Optional<List<ObservedRelease>> latestReleases(String app, int max) {
        int pageSize = Math.max(1, Math.min(1000, max));
        return read("GET /apps/" + app + "/releases", () -> api.listReleases(app, "version ..; max=" + pageSize + ", order=desc"))
                .map(list -> list.stream().map(HerokuClient::release).toList());
    }

    /** Releases a slug (the app's own or another app's, as a promotion does). */
    public ObservedRelease releaseSlug(String app, String slugId) {
        return release(write("POST /apps/" + app + "/releases", () -> api.createRelease(app, Map.of("slug", slugId))));
    }

    /** Releases an OCI image on a Fir app ({@code POST /apps/{app}/releases {oci_image}}). */
    public ObservedRelease releaseOciImage(String app, String imageId) {
        return release(write("POST /apps/" + app + "/releases", () -> api.createRelease(app, Map.of("oci_image", imageId))));
    }

    // ----- builds

    /**
     * The tail of a build's output (its {@code output_stream_url}, plain text), at most 2,000
     * characters, for a failed build's status; empty when it cannot be read.
     */
    public String buildOutput(String outputStreamUrl) {
        if (outputStreamUrl == null) {
            return "";
        }
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build()) {
            java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(outputStreamUrl))
                    .timeout(java.time.Duration.ofSeconds(5)).header("Accept", "text/plain").GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            String body = response.statusCode() == 200 ? response.body() : "";
            return body.length() > 2000 ? body.substring(body.length() - 2000) : body;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The app's builds, oldest first. */
    public Optional<List<ObservedBuild>> listBuilds(String app) {
        return readAll("GET /apps/" + app + "/builds", firstPage(), range -> api.listBuilds(app, range))
                .map(list -> list.stream().map(HerokuClient::build).toList());
    }

    /** Starts a build of a source tarball; Heroku answers at once with a pending build. */
    public ObservedBuild createBuild(String app, String sourceUrl, String checksum, String version) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("url", sourceUrl);
        putIfSet(source, "checksum", checksum);
        putIfSet(source, "version", version);
        return build(write("POST /apps/" + app + "/builds", () -> api.createBuild(app, Map.of("source_blob", source))));
    }

    public Optional<ObservedRelease> latestRelease(String app) {
        return latestReleases(app, 1).flatMap(list -> list.stream().findFirst());
    }

    /**
     * The app's first release (v1, "Initial release"): Heroku cuts it when the app is created,
     * as the account that created it, so its user and time say who created the app and when
     * (an app's {@code owner} does not: for a team app it is the team, and a transfer moves it).
     */
    public Optional<ObservedRelease> firstRelease(String app) {
        return read("GET /apps/" + app + "/releases/1", () -> api.getRelease(app, "1")).map(HerokuClient::release);
    }

    /**
     * The email of the account this client acts as, read once: releases and webhook events by
     * this account are Tether's own changes, never drift made by a person.
     */
    public String accountEmail() {
        String known = accountEmail;
        if (known == null) {
            known = read("GET /account", api::account).map(Wire.User::email).orElse("");
            accountEmail = known;
        }
        return known;
    }

    private volatile String accountEmail;

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    // ----- plumbing

    private String firstPage() {
        return "id ..; max=" + props.pageSize();
    }

    private <T> Optional<T> read(String what, Supplier<Call<T>> call) {
        Response<T> response = sendIdempotent(what, call);
        return response == null ? Optional.empty() : Optional.ofNullable(response.body());
    }

    private <T> T write(String what, Supplier<Call<T>> call) {
        return send(what, call, false).body();
    }

    private <T> boolean delete(String what, Supplier<Call<T>> call) {
        return sendIdempotent(what, call) != null;
    }

    /** A read or delete: a 404 comes back as null. Sent once, like every call (see {@link RetryPolicy}). */
    private <T> Response<T> sendIdempotent(String what, Supplier<Call<T>> call) {
        return once(what, call, true);
    }

    /** Follows {@code Next-Range} until a page comes back whole (200). */
    private <T> Optional<List<T>> readAll(String what, String firstRange, Function<String, Call<List<T>>> page) {
        List<T> all = new ArrayList<>();
        String range = firstRange;
        while (true) {
            String current = range;
            Response<List<T>> response = sendIdempotent(what, () -> page.apply(current));
            if (response == null) {
                return Optional.empty();
            }
            if (response.body() != null) {
                all.addAll(response.body());
            }
            String next = response.headers().get("Next-Range");
            if (response.code() != 206 || next == null || next.isBlank()) {
                return Optional.of(all);
            }
            range = next;
        }
    }

    /** A call that must not be repeated on its own (a POST may have been carried out): sent once. */
    private <T> Response<T> send(String what, Supplier<Call<T>> call, boolean notFoundIsEmpty) {
        return once(what, call, notFoundIsEmpty);
    }

    /** One call, classified; null for a 404 when {@code notFoundIsEmpty}. */
    private <T> Response<T> once(String what, Supplier<Call<T>> call, boolean notFoundIsEmpty) {
        Response<T> response;
        try {
            response = call.get().execute();
        } catch (IOException e) {
            throw new RetryableException("Heroku " + what + ": no answer (" + e.getMessage() + ")", 0, null, e);
        }
        if (response.isSuccessful()) {
            return response;
        }
        int code = response.code();
        Duration retryAfter = retryAfter(response.headers().get("Retry-After"));
        Wire.Error error = error(response.errorBody());
        String message = error != null && error.message() != null ? error.message() : "HTTP " + code;
        if (code == 404 && notFoundIsEmpty) {
            return null;
        }
        if (code == 429) {
            log.info("Heroku {} rate limited (Retry-After {})", what, retryAfter);
        }
        if (code == 429 || code >= 500) {
            // the status in words: a 503 and a 500 read the same in Heroku's body
            throw new RetryableException("Heroku " + what + " answered " + code + ": " + message, code, retryAfter, null);
        }
        throw new PermanentException("Heroku " + what + ": " + message, code, error == null ? null : error.id(), null);
    }

    private static Duration retryAfter(String header) {
        return RetryPolicy.retryAfter(header);
    }

    private static Wire.Error error(ResponseBody body) {
        if (body == null) {
            return null;
        }
        try (body) {
            return MAPPER.readValue(body.bytes(), Wire.Error.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    // ----- wire to observed

    private static ObservedApp app(Wire.App a) {
        return new ObservedApp(a.id(), a.name(), name(a.region()), name(a.stack()), name(a.buildStack()),
                a.space() == null ? null : a.space().name(), name(a.team()),
                Boolean.TRUE.equals(a.internalRouting()), a.webUrl(), Boolean.TRUE.equals(a.maintenance()));
    }

    private static ObservedFormation formation(Wire.Formation f) {
        String size = f.dynoSize() != null && f.dynoSize().name() != null ? f.dynoSize().name() : f.size();
        return new ObservedFormation(f.type(), f.quantity() == null ? 0 : f.quantity(), size);
    }

    private static ObservedAddon addon(Wire.Addon a) {
        return new ObservedAddon(a.id(), a.name(), name(a.addonService()), name(a.plan()),
                a.configVars() == null ? List.of() : List.copyOf(a.configVars()), a.state(), a.app() == null ? null : a.app().id());
    }

    private static ObservedDomain domain(Wire.Domain d) {
        return new ObservedDomain(d.id(), d.hostname(), d.kind(), d.cname(), d.status());
    }

    private static ObservedBuildpack buildpack(Wire.BuildpackInstallation b) {
        return new ObservedBuildpack(b.ordinal() == null ? 0 : b.ordinal(),
                b.buildpack() == null ? null : b.buildpack().url(), b.buildpack() == null ? null : b.buildpack().name());
    }

    private static ObservedWebhook webhook(Wire.Webhook w) {
        return new ObservedWebhook(w.id(), w.url(), w.include() == null ? List.of() : List.copyOf(w.include()), w.level());
    }

    private static ObservedRelease release(Wire.Release r) {
        return new ObservedRelease(r.id(), r.version() == null ? 0 : r.version(), r.description(),
                r.user() == null ? null : r.user().email(), r.createdAt(), Boolean.TRUE.equals(r.current()),
                r.slug() == null ? null : r.slug().id(), r.artifact("oci-image"));
    }

    private static ObservedBuild build(Wire.Build b) {
        Wire.SourceBlob source = b.sourceBlob();
        return new ObservedBuild(b.id(), b.status(), source == null ? null : source.url(), source == null ? null : source.checksum(),
                source == null ? null : source.version(), b.slug() == null ? null : b.slug().id(), b.outputStreamUrl());
    }

    private static String name(Wire.Ref ref) {
        return ref == null ? null : ref.name();
    }
}
