package dev.trialstream.aggregator.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trialstream.core.message.SearchDemand;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetSchedulerTest {

    private final FleetScheduler scheduler = new FleetScheduler(8);

    /** A report: {@code issued} trials put on trials, {@code ended} of them ended, {@code received} slots seen. */
    private static SearchDemand demand(String id, int weight, int parallelism, int budget, int issued, long ended,
                                       long received, long submittedAt) {
        return new SearchDemand(id, weight, parallelism, budget, issued, ended, received, true, submittedAt, 0);
    }

    @Test
    void scheduler_aLoneSearchGetsUpToItsParallelism() {
        scheduler.report(demand("a", 2, 6, 100, 2, 0, 0, 1));

        assertThat(scheduler.grant()).isEqualTo(Map.of("a", 4));
        assertThat(scheduler.grant()).as("grants on their way count as in flight").isEmpty();
        assertThat(scheduler.inFlight()).isEqualTo(6);
    }

    @Test
    void scheduler_aLoneSearchNeverGetsMoreThanItsBudgetLeft() {
        scheduler.report(demand("a", 2, 50, 5, 2, 0, 0, 1));

        assertThat(scheduler.grant()).isEqualTo(Map.of("a", 3));
    }

    @Test
    void scheduler_sharesFreeSlotsByWeight() {
        scheduler.report(demand("low", 1, 100, 1000, 0, 0, 0, 1));
        scheduler.report(demand("high", 4, 100, 1000, 0, 0, 0, 2));

        Map<String, Integer> grants = scheduler.grant();

        // 8 slots at 4:1 is 6.4 : 1.6; in whole slots by D'Hondt's rule: 7 and 1 (5 slots: 4 and 1).
        assertThat(grants).isEqualTo(Map.of("high", 7, "low", 1));
        FleetScheduler five = new FleetScheduler(5);
        five.report(demand("low", 1, 100, 1000, 0, 0, 0, 1));
        five.report(demand("high", 4, 100, 1000, 0, 0, 0, 2));
        assertThat(five.grant()).isEqualTo(Map.of("high", 4, "low", 1));
    }

    @Test
    void scheduler_aHighPrioritySearchTakesTheNextFreeSlotsFromABigLowOne() {
        // Low holds the whole fleet; high arrives with its first batch of 2 queued.
        scheduler.report(demand("low", 1, 8, 1000, 8, 0, 0, 1));
        scheduler.report(demand("high", 4, 4, 10, 2, 0, 0, 2));
        assertThat(scheduler.grant()).isEmpty();

        // Two of low's trials end: over capacity (10 in flight), nothing yet.
        scheduler.report(demand("low", 1, 8, 1000, 8, 2, 0, 1));
        assertThat(scheduler.grant()).isEmpty();
        // Two more: 2 slots free, both to high (up to its parallelism of 4), none to low.
        scheduler.report(demand("low", 1, 8, 1000, 8, 4, 0, 1));
        assertThat(scheduler.grant()).isEqualTo(Map.of("high", 2));
        // Another of low's ends: high is at its parallelism, so low gets it back.
        scheduler.report(demand("low", 1, 8, 1000, 8, 5, 0, 1));
        assertThat(scheduler.grant()).isEqualTo(Map.of("low", 1));
        // One of high's ends (3 issued, 1 ended, 2 received): with one in flight it still comes first.
        scheduler.report(demand("high", 4, 4, 10, 3 + 1, 1, 2, 2));
        assertThat(scheduler.grant()).isEqualTo(Map.of("high", 1));
    }

    @Test
    void scheduler_equalSearchesBeyondTheFleetTakeTurnsNewcomerFirst() {
        FleetScheduler small = new FleetScheduler(2);
        small.report(demand("a", 2, 4, 100, 1, 0, 0, 1));
        small.report(demand("b", 2, 4, 100, 1, 0, 0, 2));
        small.report(demand("c", 2, 4, 100, 0, 0, 0, 3));
        assertThat(small.grant()).isEmpty();

        // a's trial ends: the free slot goes to c, which has none and was served least.
        small.report(demand("a", 2, 4, 100, 1, 1, 0, 1));
        assertThat(small.grant()).isEqualTo(Map.of("c", 1));
        // b's ends: a (0 in flight, served 1) before b (0 in flight, served 1, submitted later).
        small.report(demand("b", 2, 4, 100, 1, 1, 0, 2));
        assertThat(small.grant()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void scheduler_aSearchThatLeavesFreesItsShareAtOnce() {
        scheduler.report(demand("a", 2, 8, 100, 8, 0, 0, 1));
        scheduler.report(demand("b", 2, 8, 100, 0, 0, 0, 2));
        assertThat(scheduler.grant()).isEmpty();

        scheduler.report(new SearchDemand("a", 2, 8, 100, 8, 0, 0, false, 1, 0));

        assertThat(scheduler.grant()).isEqualTo(Map.of("b", 8));
        assertThat(scheduler.active()).extracting(SearchShare::searchId).containsExactly("b");
    }

    @Test
    void scheduler_aGrantSeenByTheSearchIsNoLongerOnItsWay() {
        scheduler.report(demand("a", 2, 4, 100, 0, 0, 0, 1));
        assertThat(scheduler.grant()).isEqualTo(Map.of("a", 4));
        // A report sent before the grant arrived: the grant still counts.
        scheduler.report(demand("a", 2, 4, 100, 0, 0, 0, 1));
        assertThat(scheduler.grant()).isEmpty();
        // The grant arrived and released 4; one ended.
        scheduler.report(demand("a", 2, 4, 100, 4, 1, 4, 1));
        assertThat(scheduler.grant()).isEqualTo(Map.of("a", 1));
    }

    @Test
    void scheduler_fleetSlotsMustNotBeNegative() {
        assertThatThrownBy(() -> new FleetScheduler(-1)).hasMessage("fleet slots must not be negative, found -1");
    }

    @Test
    void scheduler_anEmptyFleetGrantsNothingUntilItHasSlots_andTakesNothingBackWhenItShrinks() {
        FleetScheduler scheduler = new FleetScheduler(0);
        scheduler.report(demand("a", 2, 4, 100, 0, 0, 0, 1));
        assertThat(scheduler.grant()).isEmpty();

        scheduler.setCapacity(3);
        assertThat(scheduler.grant()).isEqualTo(Map.of("a", 3));

        scheduler.setCapacity(1);
        assertThat(scheduler.grant()).isEmpty();
        assertThat(scheduler.inFlight()).isEqualTo(3);
    }
}
