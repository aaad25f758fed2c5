package dev.tether.manifest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;

/**
 * Finds explicit YAML tags ({@code !!binary}, {@code !!float}, {@code !foo}) in a manifest. A
 * parser turns them silently into bytes, numbers or nothing at all, so the value stored would not
 * be the value written: a manifest holds plain strings, numbers, booleans, lists and maps.
 */
final class YamlTags {

    private static final String CORE = "tag:yaml.org,2002:";

    private YamlTags() {
    }

    /** One problem per tag, each naming the document, its path and its line. */
    static List<ManifestProblem> find(String yaml) {
        List<ManifestProblem> problems = new ArrayList<>();
        Deque<Frame> stack = new ArrayDeque<>();
        int document = -1;
        for (Event e : new Parse(LoadSettings.builder().build()).parseString(yaml)) {
            switch (e) {
                case DocumentStartEvent d -> {
                    document++;
                    stack.clear();
                }
                case ScalarEvent s -> {
                    check(s.getTag(), at(stack), e, document, problems);
                    if (!stack.isEmpty() && stack.peek().mapping && stack.peek().expectKey) {
                        stack.peek().key = s.getValue();
                        stack.peek().expectKey = false;
                    } else {
                        completed(stack);
                    }
                }
                case AliasEvent a -> {
                    if (!stack.isEmpty() && stack.peek().mapping && stack.peek().expectKey) {
                        stack.peek().key = "*" + a.getAlias();
                        stack.peek().expectKey = false;
                    } else {
                        completed(stack);
                    }
                }
                case CollectionStartEvent c -> {
                    String path = at(stack);
                    check(c.getTag(), path, e, document, problems);
                    stack.push(new Frame(c instanceof MappingStartEvent, path));
                }
                case CollectionEndEvent c -> {
                    stack.pop();
                    completed(stack);
                }
                default -> {
                }
            }
        }
        return problems;
    }

    private static void check(Optional<String> tag, String path, Event e, int document, List<ManifestProblem> problems) {
        if (tag.isEmpty()) {
            return;
        }
        String line = e.getStartMark().map(YamlTags::where).orElse("");
        // the parser hands back !!binary as its full name; say it as the author wrote it
        String shown = tag.get().startsWith(CORE) ? "!!" + tag.get().substring(CORE.length()) : tag.get();
        String message = (path.isEmpty() ? "" : path + ": ") + "the YAML tag '" + shown + "'" + line
                + " is not allowed: a manifest holds plain strings, numbers, booleans, lists and maps";
        problems.add(new ManifestProblem(Math.max(document, 0), null, null, path, message, null));
    }

    private static String where(Mark m) {
        return " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")";
    }

    /** The path of the node about to start, given the collections it is inside. */
    private static String at(Deque<Frame> stack) {
        if (stack.isEmpty()) {
            return "";
        }
        Frame top = stack.peek();
        if (!top.mapping) {
            return top.path + "[" + top.index + "]";
        }
        if (top.expectKey) {
            return top.path;
        }
        return top.path.isEmpty() ? top.key : top.path + "." + top.key;
    }

    /** A node inside the top collection has ended. */
    private static void completed(Deque<Frame> stack) {
        if (stack.isEmpty()) {
            return;
        }
        Frame top = stack.peek();
        if (top.mapping) {
            top.expectKey = true;
        } else {
            top.index++;
        }
    }

    private static final class Frame {
        final boolean mapping;
        final String path;
        boolean expectKey = true;
        String key;
        int index;

        Frame(boolean mapping, String path) {
            this.mapping = mapping;
            this.path = path;
        }
    }
}
