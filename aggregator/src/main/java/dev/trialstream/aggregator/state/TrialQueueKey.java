package dev.trialstream.aggregator.state;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key a released trial goes on {@code trials} under: its search and the lane it queues in
 * ({@link TrialLanes}), which is what places it on a partition. Nothing reads trial records by key:
 * the worker takes the trial (and its id) from the value.
 */
public final class TrialQueueKey {

    private static final Pattern KEY = Pattern.compile("(.*)-lane(\\d{1,9})");

    private TrialQueueKey() {
    }

    public static String of(String searchId, int lane) {
        return searchId + "-lane" + lane;
    }

    /** A lane key taken apart. */
    public record Lane(String searchId, int lane) {
    }

    /** The search and lane a key names, or empty when {@code key} is not a lane key. */
    public static Optional<Lane> parse(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() ? Optional.of(new Lane(m.group(1), Integer.parseInt(m.group(2)))) : Optional.empty();
    }
}
