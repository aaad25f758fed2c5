package dev.tether.sandbox;

import dev.tether.sandbox.heroku.HerokuEmulator;
import dev.tether.sandbox.kong.KongEmulator;
import java.util.concurrent.CountDownLatch;

/**
 * Both emulators in a process of their own, without Spring, Tether or a database
 * ({@code java -jar tether.jar emulators}). A Tether in live mode then points at them as it
 * would at Heroku and Kong: {@code TETHER_HEROKU_API_URL}, {@code HEROKU_API_KEY},
 * {@code KONG_ADMIN_URL}. This is how the footprint benchmark measures Tether's JVM apart from
 * the emulators, and how several Tether processes (or a restarted one) share one Heroku.
 *
 * <p>Settings (environment): {@code TETHER_SANDBOX_HEROKU_PORT} (8100),
 * {@code TETHER_SANDBOX_KONG_ADMIN_PORT} (8001), {@code TETHER_SANDBOX_KONG_PROXY_PORT} (8000),
 * {@code HEROKU_API_KEY} (required: the token the emulator accepts from Tether) and
 * {@code KONG_ADMIN_TOKEN} (optional), {@code TETHER_SANDBOX_IDLE_TIMEOUT} (60s: how long
 * an idle keep-alive connection is kept, as Heroku's router and Kong's nginx do),
 * {@code TETHER_DATA_DIR} (unset: the emulated world lives in memory; set: it is kept in
 * {@code sandbox/heroku.json} and {@code sandbox/kong.json} there and survives a restart).
 * Runs until SIGTERM. No token is printed.
 */
public final class StandaloneEmulators {

    private StandaloneEmulators() {
    }

    /** Starts both emulators and blocks until the JVM is asked to stop; answers an exit code. */
    public static int run() {
        String herokuToken = env("HEROKU_API_KEY", "");
        if (herokuToken.isBlank()) {
            System.err.println("emulators: HEROKU_API_KEY is required (the token Tether will present to the Heroku emulator)");
            return 2;
        }
        int herokuPort = Integer.parseInt(env("TETHER_SANDBOX_HEROKU_PORT", "8100"));
        int adminPort = Integer.parseInt(env("TETHER_SANDBOX_KONG_ADMIN_PORT", "8001"));
        int proxyPort = Integer.parseInt(env("TETHER_SANDBOX_KONG_PROXY_PORT", "8000"));
        java.time.Duration idle = org.springframework.boot.convert.DurationStyle.detectAndParse(env("TETHER_SANDBOX_IDLE_TIMEOUT", "60s"));
        String dataDir = env("TETHER_DATA_DIR", "");
        java.nio.file.Path dir = dataDir.isEmpty() ? null : java.nio.file.Path.of(dataDir);
        HerokuEmulator heroku = HerokuEmulator.start(herokuPort, herokuToken, idle, dir == null ? null : StateFile.in(dir, "heroku"));
        KongEmulator kong = KongEmulator.start(adminPort, proxyPort, env("KONG_ADMIN_TOKEN", ""), idle,
                dir == null ? null : StateFile.in(dir, "kong"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            kong.close();
            heroku.close();
            stopped.countDown();
        }));
        System.out.println("Heroku Platform API emulator: " + heroku.baseUrl());
        System.out.println("Kong emulator: Admin API " + kong.adminUrl() + ", proxy " + kong.proxyUrl());
        System.out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.strip();
    }
}
