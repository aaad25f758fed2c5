package dev.tether.heroku;

import java.util.List;

/**
 * An app webhook to create. {@code toString} hides the secret and the authorization.
 *
 * @param url           subscriber URL
 * @param include       event types, e.g. {@code api:release}
 * @param level         {@code notify} or {@code sync}
 * @param secret        signing secret, or null to have Heroku generate one
 * @param authorization value Heroku sends as the {@code Authorization} header, or null
 */
public record NewWebhook(String url, List<String> include, String level, String secret, String authorization) {

    @Override
    public String toString() {
        return "NewWebhook[url=" + url + ", include=" + include + ", level=" + level + "]";
    }
}
