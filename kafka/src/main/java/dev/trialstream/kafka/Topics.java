package dev.trialstream.kafka;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Topic names under one prefix, so several installations can share a cluster. */
public final class Topics {

    public static final String DEFAULT_PREFIX = "trialstream.";

    /** Kafka's legal topic characters; the longest name must stay within its 249-character limit. */
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]*");
    private static final int MAX_TOPIC_NAME = 249;

    private final String prefix;

    public Topics(String prefix) {
        if (prefix == null || !LEGAL.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "topic prefix may contain only letters, digits, '.', '_' and '-', found \"" + prefix + "\"");
        }
        int longest = Arrays.stream(Topic.values()).mapToInt(t -> t.suffix().length()).max().orElse(0);
        if (prefix.length() + longest > MAX_TOPIC_NAME) {
            throw new IllegalArgumentException("topic prefix must be at most " + (MAX_TOPIC_NAME - longest)
                    + " characters, found " + prefix.length());
        }
        this.prefix = prefix;
    }

    public static Topics withDefaultPrefix() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String prefix() {
        return prefix;
    }

    public String name(Topic topic) {
        return prefix + topic.suffix();
    }

    /** Which of our topics a name is, if any. */
    public Optional<Topic> topicOf(String name) {
        return Arrays.stream(Topic.values()).filter(t -> name(t).equals(name)).findFirst();
    }

    /** Every topic name, in {@link Topic} order. */
    public List<String> all() {
        return Arrays.stream(Topic.values()).map(this::name).toList();
    }

    public String searches() {
        return name(Topic.SEARCHES);
    }

    public String datasets() {
        return name(Topic.DATASETS);
    }

    public String trials() {
        return name(Topic.TRIALS);
    }

    public String events() {
        return name(Topic.EVENTS);
    }

    public String control() {
        return name(Topic.CONTROL);
    }

    public String leaderboard() {
        return name(Topic.LEADERBOARD);
    }

    public String models() {
        return name(Topic.MODELS);
    }

    public String deadLetters() {
        return name(Topic.DEAD_LETTERS);
    }

    public String schedule() {
        return name(Topic.SCHEDULE);
    }

    public String grants() {
        return name(Topic.GRANTS);
    }

    @Override
    public String toString() {
        return "Topics[" + prefix + "*]";
    }
}
