package dev.tether;

import static org.awaitility.Awaitility.await;

import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.heroku.RecordedExchange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Every Platform API call about one app, as the Heroku emulator answered it over HTTP, from the
 * moment this is made until it is closed.
 */
public final class AppCalls implements AutoCloseable {

    private final HerokuEmulator heroku;
    private final List<RecordedExchange> seen = new CopyOnWriteArrayList<>();
    private final Consumer<RecordedExchange> listener;

    public AppCalls(HerokuEmulator heroku, String appId) {
        this.heroku = heroku;
        listener = e -> {
            if (e.path().startsWith("/apps/" + appId)) {
                seen.add(e);
            }
        };
        heroku.addExchangeListener(listener);
    }

    /** Waits until the app is settled: its last three calls are heartbeats (releases reads). */
    public static void awaitHeartbeatsOnly(HerokuEmulator heroku, String appId, Duration atMost) {
        try (AppCalls calls = new AppCalls(heroku, appId)) {
            await().atMost(atMost).until(() -> {
                List<RecordedExchange> all = calls.seen();
                return all.size() >= 3 && all.subList(all.size() - 3, all.size()).stream()
                        .allMatch(e -> e.template().equals("/apps/{app}/releases"));
            });
        }
    }

    /** The calls so far, oldest first. */
    public List<RecordedExchange> seen() {
        return List.copyOf(seen);
    }

    /** How many calls there were to {@code route}, e.g. {@code "GET /apps/{app}/releases"}. */
    public long count(String route) {
        return seen.stream().filter(e -> route.equals(e.method() + " " + e.template())).count();
    }

    /** Each call as {@code METHOD template status}, oldest first. */
    public List<String> routes() {
        return seen.stream().map(e -> e.method() + " " + e.template() + " " + e.status()).toList();
    }

    @Override
    public void close() {
        heroku.removeExchangeListener(listener);
    }
}
