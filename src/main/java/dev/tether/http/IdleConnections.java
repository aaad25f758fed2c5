package dev.tether.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.Connection;
import okhttp3.ConnectionPool;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps a pooled connection from becoming a failed call. Real servers close keep-alive
 * connections left idle (Heroku's router and Kong's nginx after 60 s), and a client that reuses
 * one the server has just closed meets "unexpected end of stream" or a reset before any answer.
 *
 * <p>Two guards, installed on an OkHttp builder by {@link #install}:
 * <ol>
 *   <li>the pool keeps an idle connection {@link #KEEP_ALIVE} (30 s), well under those servers'
 *       idle timeouts, so a connection is normally dropped by us first;</li>
 *   <li>a call that fails on a <em>reused</em> connection because the server closed it is sent
 *       once more, at once, on a fresh connection: always for GET, HEAD, OPTIONS, PUT and DELETE,
 *       and for POST and PATCH only when the server provably did not take the request (the
 *       connection ended before any byte of an answer, or the request could not be written).
 *       A timeout is never resent here: the server may be working on it.</li>
 * </ol>
 * Used by Tether's Heroku and Kong clients, the lock probe, and the sandbox Kong proxy.
 */
public final class IdleConnections {

    /** How long an idle pooled connection is kept: shorter than Heroku's and Kong's 60 s. */
    public static final Duration KEEP_ALIVE = Duration.ofSeconds(30);

    private static final Set<String> REPEATABLE = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE");

    /** Carries, from the network layer up, that the server closed a connection we reused. */
    private static final class ClosedByServer extends IOException {
        final boolean notTaken;

        ClosedByServer(IOException cause, boolean notTaken) {
            super(cause.getMessage(), cause);
            this.notTaken = notTaken;
        }
    }

    private final Set<Connection> used = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ConnectionPool pool;

    private IdleConnections(Duration keepAlive) {
        this.pool = new ConnectionPool(5, keepAlive.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The builder with a {@link #KEEP_ALIVE} pool and the resend of calls the server's close cut off. */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder) {
        return install(builder, KEEP_ALIVE);
    }

    /** The same with another idle keep-alive (it must stay under the server's idle timeout). */
    public static OkHttpClient.Builder install(OkHttpClient.Builder builder, Duration keepAlive) {
        IdleConnections guard = new IdleConnections(keepAlive);
        return builder.connectionPool(guard.pool)
                .addInterceptor(guard::resendOnce)
                .addNetworkInterceptor(guard::markReuse);
    }

    private Response resendOnce(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        try {
            return chain.proceed(request);
        } catch (ClosedByServer e) {
            if (!e.notTaken && !REPEATABLE.contains(request.method())) {
                throw (IOException) e.getCause();
            }
            // the other idle connections are as old as this one: do not try them next
            pool.evictAll();
            try {
                return chain.proceed(request);
            } catch (ClosedByServer again) {
                throw (IOException) again.getCause();
            }
        }
    }

    private Response markReuse(Interceptor.Chain chain) throws IOException {
        Connection connection = chain.connection();
        boolean reused = connection != null && !used.add(connection);
        try {
            return chain.proceed(chain.request());
        } catch (InterruptedIOException e) {
            throw e; // a timeout: the server may be carrying the request out
        } catch (IOException e) {
            if (!reused || !closedByPeer(e)) {
                throw e;
            }
            throw new ClosedByServer(e, notTaken(e));
        }
    }

    private static boolean closedByPeer(IOException e) {
        return notTaken(e) || e instanceof SocketException || e.getCause() instanceof SocketException;
    }

    /** OkHttp's words when the connection ended before a status line, or the request could not be sent. */
    private static boolean notTaken(IOException e) {
        String m = String.valueOf(e.getMessage());
        boolean noAnswer = m.startsWith("unexpected end of stream") && e.getCause() instanceof EOFException;
        boolean notSent = m.contains("Broken pipe");
        return noAnswer || notSent;
    }
}
