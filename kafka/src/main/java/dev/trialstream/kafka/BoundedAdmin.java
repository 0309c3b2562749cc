package dev.trialstream.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;

/**
 * Builds an {@link Admin} whose every call gives up within a bounded time, so an unreachable
 * broker becomes an error within seconds instead of the client's default minute of retries.
 */
public final class BoundedAdmin {

    private BoundedAdmin() {
    }

    /** The client settings {@link #create} uses, without client properties. */
    public static Map<String, Object> config(String bootstrapServers, Duration timeout, String clientId) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        return config(KafkaConnection.of(bootstrapServers), timeout, clientId);
    }

    /** The client settings {@link #create} uses: the bounds, then the connection's properties. */
    public static Map<String, Object> config(KafkaConnection connection, Duration timeout, String clientId) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, found " + timeout);
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrap());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        // The overall deadline of each call, retries included (default 60 s).
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        // One request may not outlive the call (default 30 s; must not exceed the call's deadline).
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        // A black-holed address (no RST) must not hold a connection attempt past the deadline.
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, (long) Math.min(millis, 10_000));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, (long) millis);
        return connection.applyTo(config);
    }

    /**
     * @throws KafkaAdminException when the address cannot even be resolved
     */
    public static Admin create(String bootstrapServers, Duration timeout, String clientId) {
        return create(KafkaConnection.of(bootstrapServers), timeout, clientId);
    }

    /**
     * @throws KafkaAdminException when the address cannot even be resolved, or a property is invalid
     */
    public static Admin create(KafkaConnection connection, Duration timeout, String clientId) {
        Map<String, Object> config = config(connection, timeout, clientId);
        String bootstrapServers = connection.bootstrap();
        try {
            return Admin.create(config);
        } catch (KafkaException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new KafkaAdminException(
                    "cannot reach Kafka at " + bootstrapServers + ": " + cause.getMessage(), e);
        }
    }
}
