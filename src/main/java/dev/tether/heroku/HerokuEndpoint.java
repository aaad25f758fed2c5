package dev.tether.heroku;

import java.net.URI;

/**
 * Where Tether's Heroku client talks and with which token: {@code https://api.heroku.com}
 * with {@code HEROKU_API_KEY} in live mode, the in-process emulator and its Tether token in
 * sandbox mode. Its {@code toString} never shows the token.
 *
 * @param baseUrl the Platform API root, without a trailing slash
 * @param token   the API token, sent as {@code Authorization: Bearer}
 */
public record HerokuEndpoint(URI baseUrl, String token) {

    @Override
    public String toString() {
        return "HerokuEndpoint[" + baseUrl + "]";
    }
}
