package dev.tether.heroku;

import java.util.List;

/**
 * An app webhook subscription (Heroku never shows its secret again after creation).
 *
 * @param id      webhook UUID
 * @param url     subscriber URL
 * @param include event types, e.g. {@code api:release}
 * @param level   {@code notify} or {@code sync}
 */
public record ObservedWebhook(String id, String url, List<String> include, String level) {
}
