package dev.trialstream.aggregator.state;

import java.util.OptionalInt;
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

    /** The search id of a lane key, or null when {@code key} is not one. */
    public static String searchId(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() ? m.group(1) : null;
    }

    /** The lane of a lane key, or empty when {@code key} is not one. */
    public static OptionalInt lane(String key) {
        Matcher m = KEY.matcher(key);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }
}
