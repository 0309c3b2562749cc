package dev.trialstream.launcher.pipeline;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACLs each trialstream role needs, as the README's table lists them (topic prefix
 * {@code trialstream.}). {@link SecuredPipelineTest} grants exactly these and nothing else.
 */
final class RoleAcls {

    private static final String P = "trialstream.";

    private final String principal;
    private final List<AclBinding> bindings = new ArrayList<>();

    private RoleAcls(String user) {
        this.principal = "User:" + user;
        // Every role starts by checking the topics (TopicBootstrap): list, describe, read their configs.
        allow(ResourceType.TOPIC, P, PatternType.PREFIXED, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);
    }

    /** {@code topics}, run once per deployment: creates the topics and raises the trials partitions. */
    static RoleAcls operator(String user) {
        return new RoleAcls(user)
                .allow(ResourceType.TOPIC, P, PatternType.PREFIXED, AclOperation.CREATE, AclOperation.ALTER);
    }

    /** submit (and cancel, status, leaderboard, watch, export). */
    static RoleAcls producer(String user) {
        return producer(user, true);
    }

    /** The producer role, optionally without WRITE on {@code trials}. */
    static RoleAcls producer(String user, boolean writeTrials) {
        RoleAcls acls = new RoleAcls(user)
                .topics(AclOperation.WRITE, "datasets", "searches", "control")
                .topics(AclOperation.READ, "leaderboard", "models")
                .allow(ResourceType.TRANSACTIONAL_ID, P + "submit-", PatternType.PREFIXED, AclOperation.WRITE);
        return writeTrials ? acls.topics(AclOperation.WRITE, "trials") : acls;
    }

    static RoleAcls worker(String user) {
        return new RoleAcls(user)
                .topics(AclOperation.READ, "trials", "datasets", "control")
                .topics(AclOperation.WRITE, "events", "models", "dead-letters", "aggregator-schedule")
                .allow(ResourceType.GROUP, P + "workers", PatternType.LITERAL, AclOperation.READ)
                .allow(ResourceType.TRANSACTIONAL_ID, P + "worker-", PatternType.PREFIXED, AclOperation.WRITE);
    }

    static RoleAcls aggregator(String user) {
        return new RoleAcls(user)
                // models: out-of-fold predictions too large for their event are in its blob store.
                .topics(AclOperation.READ, "searches", "events", "models")
                .topics(AclOperation.WRITE, "leaderboard", "trials", "control", "dead-letters")
                .allow(ResourceType.GROUP, P + "aggregator", PatternType.LITERAL, AclOperation.READ)
                // Kafka Streams' own changelog and repartition topics: it creates and uses them.
                .allow(ResourceType.TOPIC, P + "aggregator-", PatternType.PREFIXED, AclOperation.ALL)
                // Exactly-once v2: transactional ids are APPLICATION_ID-PROCESS_ID-THREAD.
                .allow(ResourceType.TRANSACTIONAL_ID, P + "aggregator-", PatternType.PREFIXED, AclOperation.WRITE);
    }

    /**
     * The aggregator's optional rights, for its repair of hanging transactions (the list under the
     * README's table): READ on the topics it checks and does not read anyway, DESCRIBE on the
     * workers' transactional ids, ALTER on the cluster to abort.
     */
    static RoleAcls aggregatorRepair(String user) {
        return new RoleAcls(user)
                .topics(AclOperation.READ, "leaderboard", "trials", "control", "dead-letters")
                .allow(ResourceType.TOPIC, "__consumer_offsets", PatternType.LITERAL, AclOperation.READ)
                .allow(ResourceType.TRANSACTIONAL_ID, P + "worker-", PatternType.PREFIXED, AclOperation.DESCRIBE)
                .allow(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.ALTER);
    }

    List<AclBinding> bindings() {
        return List.copyOf(bindings);
    }

    private RoleAcls topics(AclOperation operation, String... names) {
        for (String name : names) {
            allow(ResourceType.TOPIC, P + name, PatternType.LITERAL, operation);
        }
        return this;
    }

    private RoleAcls allow(ResourceType type, String name, PatternType pattern, AclOperation... operations) {
        for (AclOperation operation : operations) {
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern),
                    new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW)));
        }
        return this;
    }
}
