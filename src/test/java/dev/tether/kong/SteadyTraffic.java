package dev.tether.kong;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Steady traffic through the gateway while a test changes the world under it: a few streams
 * sending one request after another, counting the 200s and keeping every other answer (status
 * and body) as a failure. Closing it stops the streams and waits for them.
 */
final class SteadyTraffic implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger ok = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;
    private final List<Future<?>> streams = new ArrayList<>();

    private SteadyTraffic(int streamCount, Supplier<HttpResponse<String>> request) {
        pool = Executors.newFixedThreadPool(streamCount);
        for (int i = 0; i < streamCount; i++) {
            streams.add(pool.submit(() -> {
                while (!stop.get()) {
                    HttpResponse<String> r = request.get();
                    if (r.statusCode() == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                }
            }));
        }
    }

    /** Starts {@code streamCount} streams, each sending {@code request} until closed. */
    static SteadyTraffic start(int streamCount, Supplier<HttpResponse<String>> request) {
        return new SteadyTraffic(streamCount, request);
    }

    /** Requests answered 200 so far. */
    int ok() {
        return ok.get();
    }

    /** Every answer that was not a 200, as {@code status body}. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws Exception {
        stop.set(true);
        try {
            for (Future<?> f : streams) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
