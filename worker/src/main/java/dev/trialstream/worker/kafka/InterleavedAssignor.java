package dev.trialstream.worker.kafka;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.TopicPartition;

/**
 * Gives out the trials topic's partitions so that neighbouring partitions are held by different
 * slots. A search's lanes queue on consecutive partitions ({@code TrialPartitions}: its start plus
 * the lane), so a slot holding a run of neighbours gets several lanes of one search while another
 * slot idles; Kafka's {@code CooperativeStickyAssignor} lays a fresh group out round-robin, but once
 * a worker joins a running group it hands over a contiguous half (0–3 to one slot, 4–7 to the other).
 *
 * <p>Sticky like that one: a rebalance moves no more partitions than balance needs, and it picks
 * the partitions to move so as to break runs. Cooperative: a partition taken from one slot is
 * assigned to no one in that round; its owner revokes it and rejoins, and the next round gives it
 * out. A partition two members claim (a stale member's) is handled the same way.
 */
public final class InterleavedAssignor implements ConsumerPartitionAssignor {

    static final String NAME = "trialstream-interleaved";
    /** A slot's static member id: {@code WORKER_ID-slot-N} (see {@code TrialWorker}). */
    private static final Pattern SLOT = Pattern.compile("(.*)-slot-(\\d{1,9})");
    private static final int NONE = -1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.EAGER, RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> subscriptions = groupSubscription.groupSubscription();
        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        subscriptions.keySet().forEach(member -> assigned.put(member, new ArrayList<>()));
        Set<String> topics = new TreeSet<>();
        subscriptions.values().forEach(s -> topics.addAll(s.topics()));
        for (String topic : topics) {
            Integer partitions = metadata.partitionCountForTopic(topic);
            if (partitions == null || partitions == 0) {
                continue;
            }
            List<String> members = subscriptions.entrySet().stream()
                    .filter(e -> e.getValue().topics().contains(topic))
                    .sorted(Comparator.comparing(e -> order(e.getKey(), e.getValue())))
                    .map(Map.Entry::getKey)
                    .toList();
            List<Set<Integer>> owned = members.stream().map(member -> owned(subscriptions.get(member), topic)).toList();
            int[] owner = layout(partitions, owned);
            for (int p = 0; p < partitions; p++) {
                if (owner[p] != NONE) {
                    assigned.get(members.get(owner[p])).add(new TopicPartition(topic, p));
                }
            }
        }
        Map<String, Assignment> assignments = new HashMap<>();
        assigned.forEach((member, partitions) -> assignments.put(member, new Assignment(partitions)));
        return new GroupAssignment(assignments);
    }

    /** The partitions of {@code topic} a member says it holds (none under the eager protocol). */
    private static Set<Integer> owned(Subscription subscription, String topic) {
        Set<Integer> held = new TreeSet<>();
        subscription.ownedPartitions().stream().filter(tp -> tp.topic().equals(topic))
                .forEach(tp -> held.add(tp.partition()));
        return held;
    }

    /** The order members are preferred in: slot 0 of every worker first, so neighbours go to other workers too. */
    private static String order(String memberId, Subscription subscription) {
        String id = subscription.groupInstanceId().orElse(memberId);
        Matcher slot = SLOT.matcher(id);
        return slot.matches() ? String.format("%09d %s", Integer.parseInt(slot.group(2)), slot.group(1)) : "~" + id;
    }

    /**
     * This round's owner of each of a topic's partitions (an index into {@code owned}, or
     * {@link #NONE}: withheld this round), given the partitions each member holds now, in the
     * members' order of preference.
     */
    static int[] layout(int partitions, List<Set<Integer>> owned) {
        int members = owned.size();
        int[] owner = new int[partitions];
        Arrays.fill(owner, NONE);
        int[] claims = new int[partitions];
        for (int m = 0; m < members; m++) {
            for (int p : owned.get(m)) {
                if (p < partitions && claims[p]++ == 0) {
                    owner[p] = m;
                }
            }
        }
        boolean[] withheld = new boolean[partitions];
        for (int p = 0; p < partitions; p++) {
            if (claims[p] > 1) {
                owner[p] = NONE; // claimed twice: both give it up first
                withheld[p] = true;
            }
        }
        if (members == 0) {
            return owner;
        }
        int[] held = new int[members];
        for (int p = 0; p < partitions; p++) {
            if (owner[p] != NONE) {
                held[owner[p]]++;
            }
        }
        int[] quota = quotas(partitions, held);
        for (int m = 0; m < members; m++) {
            while (held[m] > quota[m]) {
                // The partition in the longest run of m's, and of those the one farthest from the others given up.
                int give = NONE;
                for (int p = 0; p < partitions; p++) {
                    if (owner[p] == m && (give == NONE || neighbours(owner, p, m) > neighbours(owner, give, m)
                            || neighbours(owner, p, m) == neighbours(owner, give, m)
                            && neighbours(owner, p, NONE) < neighbours(owner, give, NONE))) {
                        give = p;
                    }
                }
                owner[give] = NONE; // taken from m: assigned to no one until m has revoked it
                withheld[give] = true;
                held[m]--;
            }
        }
        for (int p = 0; p < partitions; p++) {
            if (owner[p] != NONE || withheld[p]) {
                continue;
            }
            int best = NONE;
            for (int m = 0; m < members; m++) {
                if (held[m] < quota[m] && (best == NONE || neighbours(owner, p, m) < neighbours(owner, p, best)
                        || neighbours(owner, p, m) == neighbours(owner, p, best) && held[m] < held[best])) {
                    best = m;
                }
            }
            owner[p] = best;
            held[best]++;
        }
        return owner;
    }

    /** Balanced shares, the larger ones to the members holding most now (so fewer partitions move). */
    private static int[] quotas(int partitions, int[] held) {
        int members = held.length;
        Integer[] byHeld = new Integer[members];
        for (int m = 0; m < members; m++) {
            byHeld[m] = m;
        }
        Arrays.sort(byHeld, Comparator.comparingInt((Integer m) -> -held[m]).thenComparingInt(m -> m));
        int[] quota = new int[members];
        for (int i = 0; i < members; i++) {
            quota[byHeld[i]] = partitions / members + (i < partitions % members ? 1 : 0);
        }
        return quota;
    }

    /**
     * How many of partition {@code p}'s two neighbours (the partition count wraps) member {@code m}
     * holds ({@link #NONE}: how many no one holds yet).
     */
    private static int neighbours(int[] owner, int p, int m) {
        int n = owner.length;
        if (n == 1) {
            return 0;
        }
        int before = owner[(p - 1 + n) % n] == m ? 1 : 0;
        int after = n > 2 && owner[(p + 1) % n] == m ? 1 : 0;
        return before + after;
    }

}
