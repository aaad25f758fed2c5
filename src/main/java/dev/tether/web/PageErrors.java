package dev.tether.web;

import dev.tether.manifest.ManifestException;
import dev.tether.manifest.ManifestProblem;
import dev.tether.manifest.ResourceConflictException;
import dev.tether.manifest.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.stream.Collectors;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** Errors on the status pages answer as pages a person can read, not as API problem documents. */
@ControllerAdvice(assignableTypes = {PageController.class, LoginController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    @ExceptionHandler(PageController.CsrfException.class)
    String csrfRejected(PageController.CsrfException e, HttpServletResponse response, Model model) {
        return problem(response, model, HttpStatus.FORBIDDEN, "Action refused", e.getMessage());
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    String notFound(ResourceNotFoundException e, HttpServletResponse response, Model model) {
        return problem(response, model, HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ResourceConflictException.class)
    String conflict(ResourceConflictException e, HttpServletResponse response, Model model) {
        return problem(response, model, HttpStatus.CONFLICT, "Changed meanwhile",
                e.getMessage().replace("read it again and reapply your change", "reload the page and try again"));
    }

    @ExceptionHandler(ManifestException.class)
    String invalid(ManifestException e, HttpServletResponse response, Model model) {
        return problem(response, model, HttpStatus.UNPROCESSABLE_CONTENT, "Not applied",
                e.problems().stream().map(ManifestProblem::message).collect(Collectors.joining("; ")));
    }

    private static String problem(HttpServletResponse response, Model model, HttpStatus status, String title, String detail) {
        Pages.headers(response);
        response.setStatus(status.value());
        model.addAttribute("status", status.value());
        model.addAttribute("title", title);
        model.addAttribute("detail", detail);
        return "problem";
    }
}
