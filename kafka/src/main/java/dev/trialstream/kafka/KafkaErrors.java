package dev.trialstream.kafka;

import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * One line for a security failure, saying what was refused: "authentication failed" for bad
 * credentials or TLS, "not authorized to ..." naming the topic or group. The lines carry the
 * broker's reason, never a client property.
 */
public final class KafkaErrors {

    private KafkaErrors() {
    }

    /** The first authentication or authorization failure among {@code error} and its causes. */
    public static Optional<Throwable> securityCause(Throwable error) {
        return cause(error, AuthenticationException.class, AuthorizationException.class);
    }

    /** The first of {@code error} and its causes (clients and Streams wrap them) that is one of {@code types}. */
    @SafeVarargs
    public static Optional<Throwable> cause(Throwable error, Class<? extends Throwable>... types) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(t)) {
                    return Optional.of(t);
                }
            }
        }
        return Optional.empty();
    }

    /** {@link #describe(Throwable, String)}, saying which Kafka refused. */
    public static String describe(Throwable cause, String bootstrap, String topicAction) {
        return "Kafka at " + bootstrap + ": " + describe(cause, topicAction);
    }

    /**
     * What was refused, as one line.
     *
     * @param topicAction what was being done to a topic ("write", "read"), for "not authorized to write T"
     */
    public static String describe(Throwable cause, String topicAction) {
        if (cause instanceof AuthenticationException) {
            return "authentication failed (" + cause.getMessage()
                    + "); check the credentials in --kafka-config or the " + KafkaClientProperties.ENV_PREFIX
                    + "* variables";
        }
        if (cause instanceof TopicAuthorizationException topics) {
            String names = topics.unauthorizedTopics().isEmpty() ? "the topic"
                    : String.join(", ", new TreeSet<>(topics.unauthorizedTopics()));
            return "not authorized to " + topicAction + " " + names + " (missing ACL)";
        }
        if (cause instanceof GroupAuthorizationException group) {
            return "not authorized to use consumer group " + group.groupId() + " (missing ACL)";
        }
        return "not authorized: " + cause.getMessage() + " (missing ACL)";
    }
}
