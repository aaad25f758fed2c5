package dev.tether.heroku;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Conditional GETs: remembers each GET's {@code ETag} and body (per URL and {@code Range}),
 * sends {@code If-None-Match}, and turns a 304 into the remembered answer, status and
 * {@code Next-Range} included, so callers never see the difference except in speed and in
 * Heroku's count of unchanged reads. Bounded; least recently used entries go first.
 */
final class EtagCache implements Interceptor {

    private record Cached(String etag, int code, byte[] body, String contentType, String nextRange) {
    }

    private final int capacity;
    private final Map<String, Cached> entries;
    private long hits;

    EtagCache(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > EtagCache.this.capacity;
            }
        };
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!"GET".equals(request.method())) {
            return chain.proceed(request);
        }
        String key = request.url() + " " + request.header("Range") + " " + request.header("Accept");
        Cached cached;
        synchronized (this) {
            cached = entries.get(key);
        }
        Request sent = cached == null ? request : request.newBuilder().header("If-None-Match", cached.etag()).build();
        Response response = chain.proceed(sent);
        if (response.code() == 304 && cached != null) {
            response.close();
            synchronized (this) {
                hits++;
            }
            Response.Builder replay = response.newBuilder()
                    .code(cached.code())
                    .message(cached.code() == 206 ? "Partial Content" : "OK")
                    .body(ResponseBody.create(cached.body(), cached.contentType() == null ? null : MediaType.parse(cached.contentType())));
            if (cached.nextRange() != null) {
                replay.header("Next-Range", cached.nextRange());
            }
            return replay.build();
        }
        String etag = response.header("ETag");
        if ((response.code() == 200 || response.code() == 206) && etag != null && response.body() != null) {
            ResponseBody body = response.body();
            MediaType type = body.contentType();
            byte[] bytes = body.bytes();
            synchronized (this) {
                entries.put(key, new Cached(etag, response.code(), bytes, type == null ? null : type.toString(), response.header("Next-Range")));
            }
            return response.newBuilder().body(ResponseBody.create(bytes, type)).build();
        }
        return response;
    }

    /** How many reads were answered from the cache after a 304. */
    synchronized long hits() {
        return hits;
    }
}
