package dev.trialstream.worker.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class FinalFitSharesTest {

    /** Job i's work: 10 for jobs 0-5 (one wide pack), 1 for jobs 6 and 7 (a narrow pack). */
    private static double work(int job) {
        return job < 6 ? 10 : 1;
    }

    private static final List<List<Integer>> PACKS = List.of(List.of(0, 1, 2, 3, 4, 5), List.of(6, 7));

    @Test
    void oneThreadKeepsEveryPackInOrder() {
        assertThat(FinalFitShares.of(PACKS, FinalFitSharesTest::work, 1)).containsExactly(PACKS);
    }

    @Test
    void twoThreads_splitTheWidePackSoNeitherWaitsOnTheOther() {
        List<List<List<Integer>>> shares = FinalFitShares.of(PACKS, FinalFitSharesTest::work, 2);

        // Three pieces (wide split in halves of 30 and 30, narrow 2): 30 | 30 + 2, not 60 | 2.
        assertThat(shares).hasSize(2);
        assertThat(shares).extracting(share -> share.stream().flatMap(List::stream)
                .mapToDouble(FinalFitSharesTest::work).sum()).containsExactlyInAnyOrder(30.0, 32.0);
        assertThat(shares.stream().flatMap(List::stream).flatMap(List::stream).sorted().toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void moreThreadsThanNetworks_usesOneThreadPerNetwork() {
        List<List<List<Integer>>> shares = FinalFitShares.of(List.of(List.of(0), List.of(6, 7)),
                FinalFitSharesTest::work, 8);

        assertThat(shares).hasSize(3).allSatisfy(share -> assertThat(share).singleElement().asList().hasSize(1));
    }

    @Test
    void runEach_runsEveryShareOnAThreadOfItsOwn_andPassesOnAFailure() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

        FinalFitShares.runEach(List.of(List.of(List.of(1)), List.of(List.of(2, 3))), share -> {
            threads.add(Thread.currentThread().getName());
            share.forEach(seen::addAll);
        });

        assertThat(threads).hasSize(2).allSatisfy(name -> assertThat(name).contains("-final-fit-"));
        assertThat(seen).containsExactlyInAnyOrder(1, 2, 3);
        assertThatThrownBy(() -> FinalFitShares.runEach(List.of(List.of(List.of(1)), List.of(List.of(2))), share -> {
            throw new IllegalStateException("out of memory in a share");
        })).isInstanceOf(IllegalStateException.class).hasMessage("out of memory in a share");
    }
}
