package dev.trialstream.worker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.GroupSubscription;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor.Subscription;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class InterleavedAssignorTest {

    private static final int NONE = -1;

    /** Why it exists: Kafka's cooperative sticky assignor hands a worker that joins a contiguous half. */
    @Test
    void theStickyAssignor_handsAJoiningSlotAContiguousHalf() {
        CooperativeStickyAssignor sticky = new CooperativeStickyAssignor();
        Map<String, List<TopicPartition>> owned = new HashMap<>(Map.of("w1-slot-0", partitions(0, 8)));
        for (int round = 0; round < 2; round++) {
            Map<String, Subscription> subscriptions = new HashMap<>();
            for (String member : List.of("w1-slot-0", "w2-slot-0")) {
                subscriptions.put(member, new Subscription(List.of("trials"),
                        sticky.subscriptionUserData(Set.of("trials")), owned.getOrDefault(member, List.of()), 1,
                        Optional.empty()));
            }
            owned = sticky.assignPartitions(Map.of("trials", infos(8)), subscriptions);
        }

        assertThat(owned.get("w1-slot-0")).containsExactlyInAnyOrderElementsOf(partitions(0, 4));
        assertThat(owned.get("w2-slot-0")).containsExactlyInAnyOrderElementsOf(partitions(4, 8));
    }

    @Test
    void aFreshGroup_alternates() {
        assertThat(InterleavedAssignor.layout(8, List.of(Set.of(), Set.of()))).containsExactly(0, 1, 0, 1, 0, 1, 0, 1);
        assertThat(InterleavedAssignor.layout(8, List.of(Set.of(), Set.of(), Set.of())))
                .containsExactly(0, 1, 2, 0, 1, 2, 0, 1);
    }

    @Test
    void aSlotJoining_getsEveryOtherPartition_afterItsOwnerHasGivenThemUp() {
        List<Set<Integer>> owned = List.of(set(0, 8), Set.of());

        int[] first = InterleavedAssignor.layout(8, owned);
        // Cooperative: what the first slot gives up goes to no one in this round.
        assertThat(first).containsExactly(NONE, 0, NONE, 0, NONE, 0, NONE, 0);
        int[] second = InterleavedAssignor.layout(8, heldAfter(first, 2));
        assertThat(second).containsExactly(1, 0, 1, 0, 1, 0, 1, 0);
    }

    @Test
    void aThirdSlot_movesOnlyWhatBalanceNeeds_andNoNeighboursEndTogether() {
        int[] layout = converge(8, heldAfter(new int[] {0, 1, 0, 1, 0, 1, 0, 1}, 3));

        assertThat(moved(new int[] {0, 1, 0, 1, 0, 1, 0, 1}, layout)).isEqualTo(2);
        assertThat(sameOwnerNeighbours(layout)).isZero();
        assertThat(counts(layout, 3)).containsExactlyInAnyOrder(3, 3, 2);
    }

    @Test
    void aSlotLeaving_hasItsPartitionsGivenOutAtOnce() {
        // Slot 1 of 0, 1, 2 is gone: the two left hold what they held, its partitions are free.
        int[] before = {0, 1, 2, 0, 1, 2, 0, 1};
        List<Set<Integer>> owned = List.of(heldAfter(before, 3).get(0), heldAfter(before, 3).get(2));

        int[] layout = InterleavedAssignor.layout(8, owned);

        assertThat(layout).doesNotContain(NONE);
        assertThat(counts(layout, 2)).containsExactly(4, 4);
        assertThat(IntStream.range(0, 8).filter(p -> before[p] == 0).map(p -> layout[p])).containsOnly(0);
    }

    @Test
    void aPartitionTwoSlotsClaim_goesToNeitherUntilBothHaveLetItGo() {
        int[] layout = InterleavedAssignor.layout(4, List.of(Set.of(0, 1), Set.of(1, 2, 3)));

        assertThat(layout[1]).isEqualTo(NONE);
    }

    /**
     * Any run of joins and leaves: no partition is given to one slot while another still holds it,
     * two rounds settle every change, and the shares differ by at most one.
     */
    @Test
    void anyRunOfJoinsAndLeaves_isCooperativeSettlesInTwoRoundsAndBalanced() {
        Random random = new Random(7);
        for (int run = 0; run < 200; run++) {
            int partitions = 1 + random.nextInt(16);
            List<Set<Integer>> owned = new ArrayList<>(List.of(new TreeSet<>()));
            for (int change = 0; change < 8; change++) {
                if (owned.size() > 1 && random.nextBoolean()) {
                    owned.remove(random.nextInt(owned.size()));
                } else {
                    owned.add(random.nextInt(owned.size() + 1), new TreeSet<>());
                }
                int[] layout = null;
                for (int round = 0; round < 2; round++) {
                    layout = InterleavedAssignor.layout(partitions, owned);
                    for (int p = 0; p < partitions; p++) {
                        for (int other = 0; other < owned.size(); other++) {
                            assertThat(layout[p] != NONE && layout[p] != other && owned.get(other).contains(p))
                                    .as("partition %d given to %d while %d holds it", p, layout[p], other).isFalse();
                        }
                    }
                    owned = new ArrayList<>(heldAfter(layout, owned.size()));
                }
                assertThat(layout).as("settled after two rounds").doesNotContain(NONE);
                int[] shares = counts(layout, owned.size());
                assertThat(Arrays.stream(shares).max().orElseThrow() - Arrays.stream(shares).min().orElseThrow())
                        .isLessThanOrEqualTo(1);
            }
        }
    }

    /** Through Kafka's interface: slots named WORKER-slot-N, slot 0 of each worker first. */
    @Test
    void assign_putsNeighboursOnOtherWorkersFirst() {
        Map<String, Subscription> subscriptions = new HashMap<>();
        for (String slot : List.of("w1-slot-1", "w2-slot-0", "w1-slot-0", "w2-slot-1")) {
            Subscription subscription = new Subscription(List.of("trials"), null, List.of());
            subscription.setGroupInstanceId(Optional.of(slot));
            subscriptions.put("member-" + slot, subscription);
        }
        Cluster cluster = new Cluster("c", List.of(new Node(0, "localhost", 9092)), infos(8), Set.of(), Set.of());

        Map<String, List<TopicPartition>> assigned = new HashMap<>();
        new InterleavedAssignor().assign(cluster, new GroupSubscription(subscriptions)).groupAssignment()
                .forEach((member, assignment) -> assigned.put(member, assignment.partitions()));

        assertThat(assigned.get("member-w1-slot-0")).containsExactly(tp(0), tp(4));
        assertThat(assigned.get("member-w2-slot-0")).containsExactly(tp(1), tp(5));
        assertThat(assigned.get("member-w1-slot-1")).containsExactly(tp(2), tp(6));
        assertThat(assigned.get("member-w2-slot-1")).containsExactly(tp(3), tp(7));
    }

    private static int[] converge(int partitions, List<Set<Integer>> owned) {
        int[] layout = InterleavedAssignor.layout(partitions, owned);
        for (int round = 0; round < 3 && Arrays.stream(layout).anyMatch(m -> m == NONE); round++) {
            layout = InterleavedAssignor.layout(partitions, heldAfter(layout, owned.size()));
        }
        return layout;
    }

    /** What each of {@code members} holds once the layout is applied (what it was not given, it revoked). */
    private static List<Set<Integer>> heldAfter(int[] layout, int members) {
        List<Set<Integer>> held = new ArrayList<>();
        for (int m = 0; m < members; m++) {
            int member = m;
            held.add(new TreeSet<>(IntStream.range(0, layout.length).filter(p -> layout[p] == member).boxed()
                    .toList()));
        }
        return held;
    }

    private static int sameOwnerNeighbours(int[] layout) {
        int n = layout.length;
        return (int) IntStream.range(0, n).filter(p -> layout[p] == layout[(p + 1) % n]).count();
    }

    private static int moved(int[] before, int[] after) {
        return (int) IntStream.range(0, before.length).filter(p -> before[p] != after[p]).count();
    }

    private static int[] counts(int[] layout, int members) {
        int[] counts = new int[members];
        Arrays.stream(layout).filter(m -> m != NONE).forEach(m -> counts[m]++);
        return counts;
    }

    private static Set<Integer> set(int from, int to) {
        return new TreeSet<>(IntStream.range(from, to).boxed().toList());
    }

    private static List<TopicPartition> partitions(int from, int to) {
        return IntStream.range(from, to).mapToObj(InterleavedAssignorTest::tp).toList();
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition("trials", partition);
    }

    private static List<PartitionInfo> infos(int partitions) {
        return IntStream.range(0, partitions)
                .mapToObj(p -> new PartitionInfo("trials", p, null, new Node[0], new Node[0])).toList();
    }
}
