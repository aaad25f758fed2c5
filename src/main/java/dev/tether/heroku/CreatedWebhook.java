package dev.tether.heroku;

import java.util.Optional;

/**
 * A webhook just created, with the signing secret Heroku generated (returned once, in the
 * {@code Heroku-Webhook-Secret} header; empty when the caller supplied its own).
 * {@code toString} hides the secret.
 *
 * @param webhook the subscription
 * @param secret  the generated secret, if Heroku generated one
 */
public record CreatedWebhook(ObservedWebhook webhook, Optional<String> secret) {

    @Override
    public String toString() {
        return "CreatedWebhook[" + webhook + ", secret=" + (secret.isPresent() ? "(hidden)" : "none") + "]";
    }
}
