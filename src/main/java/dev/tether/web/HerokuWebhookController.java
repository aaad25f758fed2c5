package dev.tether.web;

import dev.tether.heroku.WebhookReceiver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/heroku}: Heroku app webhook deliveries. Authenticated by their HMAC
 * signature, not the API token; a delivery that does not verify gets 401 and changes nothing.
 * A verified delivery taken before, or too old, gets 200 with {@code {"ignored": ...}} and changes
 * nothing: a non-2xx answer would only make Heroku send it again.
 */
@RestController
class HerokuWebhookController {

    private static final int MAX_BODY = 1024 * 1024;

    private final WebhookReceiver receiver;

    HerokuWebhookController(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    @PostMapping("/webhooks/heroku")
    ResponseEntity<?> receive(HttpServletRequest request) throws IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            return ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, "delivery larger than 1 MiB")).build();
        }
        WebhookReceiver.Result result = receiver.receive(body, request.getHeader("Heroku-Webhook-Hmac-SHA256"),
                request.getHeader("Heroku-Webhook-Id"));
        return switch (result) {
            case ACCEPTED -> ResponseEntity.accepted().build();
            case DUPLICATE -> ResponseEntity.ok(Map.of("ignored", "this delivery was taken before"));
            case STALE -> ResponseEntity.ok(Map.of("ignored", "this delivery is undated or more than "
                    + WebhookReceiver.MAX_AGE.toMinutes() + " minutes from now"));
            case UNAUTHORIZED -> ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "Heroku-Webhook-Hmac-SHA256 is missing or does not verify for a managed app")).build();
        };
    }
}
