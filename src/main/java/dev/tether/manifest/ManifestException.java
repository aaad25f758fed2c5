package dev.tether.manifest;

import java.util.List;

/**
 * A manifest POST that cannot be applied. {@link Malformed} bodies could not be read at all
 * (HTTP 400); {@link Invalid} ones were read but break the schema or the rules between
 * documents (HTTP 422, as Kubernetes answers an invalid object). Either way nothing is stored.
 */
public abstract sealed class ManifestException extends RuntimeException {

    private final List<ManifestProblem> problems;

    ManifestException(String message, List<ManifestProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<ManifestProblem> problems() {
        return problems;
    }

    /** The body is not YAML or JSON we can read. */
    public static final class Malformed extends ManifestException {
        public Malformed(String message, List<ManifestProblem> problems) {
            super(message, problems);
        }
    }

    /** The documents were read but are not valid manifests. */
    public static final class Invalid extends ManifestException {
        public Invalid(List<ManifestProblem> problems) {
            super(problems.size() == 1 ? problems.getFirst().message()
                    : problems.size() + " problems: " + problems.getFirst().message() + "; ...", problems);
        }
    }
}
