package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.status.StallRule;
import dev.trialstream.core.status.TrialStall;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which of a search's running trials a follower has said are stuck, so that each stall is said
 * once, and its end once: the trial reports again, or it no longer runs (it ended, or its worker
 * was restarted and it went back to the queue).
 */
final class StallWatch {

    private final StallRule rule;
    private final LeaderboardFollower.SilenceListener listener;
    /** The stalls said and not yet over, by trial id. */
    private final Map<String, TrialStall> said = new HashMap<>();

    StallWatch(StallRule rule, LeaderboardFollower.SilenceListener listener) {
        this.rule = rule;
        this.listener = listener;
    }

    /**
     * Says what {@code snapshot}, a fresh one, tells of stalls begun or over since the last. A
     * stall on a worker {@code gone} from the fleet is not said: a worker killed or stopped is not
     * stuck (its trial is retried elsewhere after Kafka's session timeout, or waits for a worker,
     * which the follower says), and one said before it left is over only when its trial moves.
     */
    void check(String searchId, LeaderboardSnapshot snapshot, Predicate<String> gone) {
        Map<String, TrialStall> now = new LinkedHashMap<>();
        for (TrialStall stall : rule.stalled(snapshot)) {
            now.put(stall.trialId(), stall);
        }
        for (var it = said.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, TrialStall> entry = it.next();
            if (!now.containsKey(entry.getKey())) {
                it.remove();
                Optional<RunningTrial> running = snapshot.running().stream()
                        .filter(t -> t.trialId().equals(entry.getKey())).findFirst();
                listener.stallOver(searchId, entry.getValue(), running);
            }
        }
        for (TrialStall stall : now.values()) {
            if (!said.containsKey(stall.trialId()) && !gone.test(stall.workerId())) {
                said.put(stall.trialId(), stall);
                listener.stalled(searchId, stall);
            }
        }
    }
}
