package dev.tether.manifest;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the loop does when the world differs from the spec (DESIGN §2).
 *
 * @param mode   revert (default), adopt, report or approve
 * @param ignore spec paths whose drift is neither reverted nor reported; {@code *} matches
 *               within one segment ({@code configVars.NEW_RELIC_*})
 */
public record DriftPolicy(Mode mode, List<String> ignore) {

    public static final DriftPolicy DEFAULT = new DriftPolicy(Mode.REVERT, List.of());

    public DriftPolicy {
        mode = mode == null ? Mode.REVERT : mode;
        ignore = ignore == null ? List.of() : List.copyOf(ignore);
    }

    public enum Mode {
        @JsonProperty("revert") REVERT,
        @JsonProperty("adopt") ADOPT,
        @JsonProperty("report") REPORT,
        @JsonProperty("approve") APPROVE
    }

    /** The same policy in revert mode: how a pass carries out a proposal a person approved. */
    public DriftPolicy reverting() {
        return new DriftPolicy(Mode.REVERT, ignore);
    }

    /** True when drift at {@code path} (e.g. {@code formation.web.quantity}) is to be ignored. */
    public boolean ignores(String path) {
        for (String pattern : ignore) {
            if (globToRegex(pattern).matcher(path).matches()) {
                return true;
            }
            // ignoring a field ignores everything under it
            if (path.startsWith(pattern + ".") || path.startsWith(pattern + "[")) {
                return true;
            }
        }
        return false;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder sb = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') {
                sb.append("[^.\\[]*");
            } else {
                sb.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(sb.toString());
    }
}
