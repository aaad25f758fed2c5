package dev.tether.web;

import dev.tether.heroku.WebhookReceiver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/heroku}: Heroku app webhook deliveries. Authenticated by their HMAC
 * signature, not the API token; a delivery that does not verify gets 401 and changes nothing.
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
        WebhookReceiver.Result result = receiver.receive(body, request.getHeader("Heroku-Webhook-Hmac-SHA256"));
        return switch (result) {
            case ACCEPTED -> ResponseEntity.accepted().build();
            case UNAUTHORIZED -> ResponseEntity.of(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                    "Heroku-Webhook-Hmac-SHA256 is missing or does not verify for a managed app")).build();
        };
    }
}
