package dev.trialstream.core.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * A record some consumer could not process, kept with its error instead of being dropped. It is
 * sent with the original key, so the key accessor doubles as {@link Message#key()}.
 *
 * @param key   the original key, or null
 * @param value the original value bytes (base64 in JSON), or null for a tombstone
 * @param error what went wrong, naming the field or type at fault
 * @param at    epoch millis when it was dead-lettered
 */
public record DeadLetter(String originalTopic, int partition, long offset, String key, byte[] value, String error,
                         long at) implements Message {

    public DeadLetter {
        Checks.text(originalTopic, "originalTopic");
        Checks.atLeast(partition, 0, "partition");
        Checks.atLeast(offset, 0, "offset");
        Checks.text(error, "error");
        Checks.atLeast(at, 0, "at");
        value = value == null ? null : value.clone();
    }

    /** A copy, or null: the record stays immutable. */
    @Override
    public byte[] value() {
        return value == null ? null : value.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter that
                && originalTopic.equals(that.originalTopic) && partition == that.partition && offset == that.offset
                && Objects.equals(key, that.key) && Arrays.equals(value, that.value) && error.equals(that.error)
                && at == that.at;
    }

    @Override
    public int hashCode() {
        return Objects.hash(originalTopic, partition, offset, key, error, at) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "DeadLetter[" + originalTopic + "-" + partition + "@" + offset + " key=" + key + ", "
                + (value == null ? "no value" : value.length + " bytes") + ": " + error + "]";
    }
}
