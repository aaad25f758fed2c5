package dev.tether.manifest;

import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as {@code application/problem+json} (RFC 9457). Validation problems list
 * each problem with its path and bad value under {@code errors}.
 */
@RestControllerAdvice
class ApiProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);
    private static final String TYPES = "https://tether.dev/problems/";

    @ExceptionHandler(ManifestException.class)
    ResponseEntity<Object> manifest(ManifestException e) {
        HttpStatus status = e instanceof ManifestException.Malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_CONTENT;
        String type = e instanceof ManifestException.Malformed ? "malformed-manifest" : "invalid-manifest";
        ProblemDetail p = problem(status, type, e instanceof ManifestException.Malformed ? "Malformed manifest" : "Invalid manifest",
                e.getMessage());
        p.setProperty("errors", e.problems());
        return ResponseEntity.of(p).build();
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ResponseEntity<Object> notFound(ResourceNotFoundException e) {
        return ResponseEntity.of(problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage())).build();
    }

    @ExceptionHandler(ResourceConflictException.class)
    ResponseEntity<Object> conflict(ResourceConflictException e) {
        return ResponseEntity.of(problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage())).build();
    }

    @ExceptionHandler(dev.tether.http.ExternalApiException.class)
    ResponseEntity<Object> external(dev.tether.http.ExternalApiException e) {
        return ResponseEntity.of(problem(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Heroku or Kong did not answer",
                "Could not observe the outside world to plan: " + e.getMessage() + ". Nothing was stored; try again.")).build();
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Object> status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.resolve(e.getStatusCode().value());
        ProblemDetail p = ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason());
        if (status != null) {
            p.setTitle(status.getReasonPhrase());
        }
        p.setProperty("errors", List.of(new ManifestProblem(null, null, null, "", e.getReason(), null)));
        return ResponseEntity.of(p).build();
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (databaseAway(e)) {
            log.warn("Answered 503: the database is not reachable ({})", e.getMessage());
            ProblemDetail p = problem(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", "Database unavailable",
                    "Tether's database is not reachable right now; nothing was stored. Try again shortly.");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER)
                    .body(p);
        }
        log.error("Unexpected error answering an API call", e);
        return ResponseEntity.of(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                "Tether could not answer this request; nothing was stored. The server log has the details.")).build();
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        // Spring's own errors (bad JSON in a small body, wrong method, missing parameter) keep
        // their problem body; we only make sure it is one.
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /** Seconds a caller is asked to wait while the database is away (Hikari gives up on a borrow within 5 s). */
    private static final String DATABASE_RETRY_AFTER = "5";

    /**
     * Whether the failure is the database being away (stopped, failing over, out of connections)
     * rather than a fault in Tether: anywhere in the cause chain, a connection that could not be had
     * or was lost.
     */
    static boolean databaseAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.dao.DataAccessResourceFailureException
                    || t instanceof org.springframework.dao.TransientDataAccessResourceException
                    || t instanceof org.springframework.transaction.CannotCreateTransactionException
                    || t instanceof java.sql.SQLTransientConnectionException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.net.ConnectException
                    // a rollback that failed on the JDBC connection: the connection was lost
                    // mid-transaction (Hikari's "Connection is closed" carries no SQL state)
                    || t instanceof org.hibernate.TransactionException && t.getCause() instanceof java.sql.SQLException
                    // 08: connection exceptions; 57P: the server is shutting down or not yet accepting
                    || t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                            && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create(TYPES + type));
        p.setTitle(title);
        return p;
    }
}
