package dev.tether.reconcile;

import dev.tether.manifest.DryRunPreview;
import dev.tether.manifest.Kind;
import dev.tether.manifest.Manifest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The world-level plan for a spec, by whichever {@link Previewer} knows its kind. A dry run of
 * many documents previews a few at a time: each preview waits on Heroku or Kong, so one at a
 * time would make a 1,000-document dry run a thousand round trips long.
 */
@Component
public class Previews implements DryRunPreview {

    /** Previews under way at once for one request: a few, well below the database pool and the loop's workers. */
    static final int PARALLELISM = 4;

    private final Map<Kind, Previewer> previewers = new EnumMap<>(Kind.class);
    private final InThisApply.AppFinder apps;

    public Previews(List<Previewer> previewers, InThisApply.AppFinder apps) {
        previewers.forEach(p -> this.previewers.put(p.kind(), p));
        this.apps = apps;
    }

    public boolean canPreview(Kind kind) {
        return previewers.containsKey(kind);
    }

    /** Steps the next pass would take for this spec; empty when the kind has no previewer. */
    public List<PlanStep> preview(Kind kind, String name, ObjectNode spec) {
        return preview(kind, name, spec, InThisApply.NONE);
    }

    private List<PlanStep> preview(Kind kind, String name, ObjectNode spec, InThisApply others) {
        Previewer p = previewers.get(kind);
        return p == null ? List.of() : p.preview(name, spec, others);
    }

    /** One resource to preview. */
    public record Subject(Kind kind, String name, ObjectNode spec) {
    }

    /** A dry run's manifests: {@link #previewAll} of each as a subject. */
    @Override
    public List<PlanStep> preview(List<Manifest> manifests) {
        return previewAll(manifests.stream().map(m -> new Subject(m.kind(), m.name(), m.spec())).toList());
    }

    /**
     * The steps for every subject, in the subjects' order, {@link #PARALLELISM} previews at a
     * time, each planned against the others as the apply would leave them ({@link InThisApply}).
     * The first failure (e.g. Heroku not answering) is thrown as the preview would throw it.
     */
    public List<PlanStep> previewAll(List<Subject> subjects) {
        InThisApply others = new InThisApply(subjects, apps);
        List<Subject> previewable = subjects.stream().filter(s -> canPreview(s.kind())).toList();
        if (previewable.size() <= 1) {
            return previewable.stream().flatMap(s -> preview(s.kind(), s.name(), s.spec(), others).stream()).toList();
        }
        Semaphore slots = new Semaphore(PARALLELISM);
        List<Future<List<PlanStep>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Subject s : previewable) {
                futures.add(pool.submit(() -> {
                    slots.acquire();
                    try {
                        return preview(s.kind(), s.name(), s.spec(), others);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<PlanStep> steps = new ArrayList<>();
            for (Future<List<PlanStep>> f : futures) {
                steps.addAll(result(f, futures));
            }
            return steps;
        }
    }

    /** One preview's steps; on its failure the rest are cancelled and the failure thrown as it was. */
    private static List<PlanStep> result(Future<List<PlanStep>> f, List<Future<List<PlanStep>>> all) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            all.forEach(other -> other.cancel(true));
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            all.forEach(other -> other.cancel(true));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while previewing", e);
        }
    }
}
