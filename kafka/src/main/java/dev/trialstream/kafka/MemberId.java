package dev.trialstream.kafka;

import java.util.regex.Pattern;

/**
 * An id a process gives itself in Kafka (a worker's id, an aggregator's static-membership id): it
 * names transactional ids and group instance ids, so only a safe few characters are allowed.
 */
public final class MemberId {

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private MemberId() {
    }

    /**
     * The id, checked.
     *
     * @throws IllegalArgumentException "must be 1-100 letters, ..., found ..." (the caller names the field or flag)
     */
    public static String check(String id) {
        if (id == null || !ALLOWED.matcher(id).matches()) {
            throw new IllegalArgumentException("must be 1-100 letters, digits, '.', '_' or '-', found "
                    + (id == null ? "none" : "\"" + id + "\""));
        }
        return id;
    }
}
