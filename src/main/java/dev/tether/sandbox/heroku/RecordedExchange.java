package dev.tether.sandbox.heroku;

/**
 * One Platform API request and the emulator's answer, as handed to listeners (tests validate
 * every body against Heroku's JSON schema with it).
 *
 * @param method       HTTP method
 * @param path         request path as sent (still URL-encoded)
 * @param template     matched route template, e.g. {@code /apps/{app}/config-vars}; null when no route matched
 * @param status       response status
 * @param contentType  response {@code Content-Type}, null when there is no body
 * @param body         response body text, empty for 304 and bodiless answers
 */
public record RecordedExchange(String method, String path, String template, int status, String contentType, String body) {
}
