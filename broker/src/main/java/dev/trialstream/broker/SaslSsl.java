package dev.trialstream.broker;

import java.util.Map;
import java.util.Set;

/**
 * A secured embedded broker: its client listener speaks SASL_SSL with SCRAM-SHA-512, and
 * {@code StandardAuthorizer} enforces ACLs (nothing is allowed without one, except to super users).
 *
 * @param users      SCRAM-SHA-512 credentials created when the log dir is formatted: name → password
 * @param superUsers names of users that every ACL check lets through (e.g. an admin that creates ACLs)
 * @param openListener also a PLAINTEXT listener on loopback whose clients are super users without
 *                     logging in ({@link EmbeddedKafka#openBootstrapServers()}): for tests that must
 *                     send what no client library sends over SASL_SSL (raw requests), never for the roles
 */
public record SaslSsl(Map<String, String> users, Set<String> superUsers, boolean openListener) {

    /** The broker's own user (inter-broker traffic); always a super user. */
    static final String BROKER_USER = "broker";

    public SaslSsl(Map<String, String> users, Set<String> superUsers) {
        this(users, superUsers, false);
    }

    public SaslSsl {
        users = Map.copyOf(users);
        superUsers = Set.copyOf(superUsers);
        users.forEach((name, password) -> {
            // Both go inside the StorageTool's "[name=...,password=...]" syntax unquoted.
            if (!name.matches("[A-Za-z0-9_-]+") || name.equals(BROKER_USER)) {
                throw new IllegalArgumentException("user name must be letters, digits, '_' or '-' and not \""
                        + BROKER_USER + "\", found \"" + name + "\"");
            }
            if (!password.matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("password of " + name + " must be letters, digits, '_' or '-'");
            }
        });
        for (String superUser : superUsers) {
            if (!users.containsKey(superUser)) {
                throw new IllegalArgumentException("super user " + superUser + " is not among the users " + users.keySet());
            }
        }
    }

    /** The same, with the {@link #openListener}. */
    public SaslSsl withOpenListener() {
        return new SaslSsl(users, superUsers, true);
    }
}
