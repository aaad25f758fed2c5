package dev.tether.heroku;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/** Adds the token, the v3 {@code Accept} header (unless a call asks for a variant) and a User-Agent. */
final class HerokuHeaders implements Interceptor {

    static final String ACCEPT = "application/vnd.heroku+json; version=3";

    private final String authorization;

    HerokuHeaders(String token) {
        this.authorization = token == null ? null : "Bearer " + token;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request.Builder request = chain.request().newBuilder().header("User-Agent", "tether/0.1 (+okhttp)");
        if (chain.request().header("Accept") == null) {
            request.header("Accept", ACCEPT);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return chain.proceed(request.build());
    }

    @Override
    public String toString() {
        return "HerokuHeaders[token hidden]";
    }
}
