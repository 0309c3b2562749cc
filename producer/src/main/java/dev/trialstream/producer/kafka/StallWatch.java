package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.RunningTrial;
import dev.trialstream.core.status.StallRule;
import dev.trialstream.core.status.TrialStall;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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

    /** Says what {@code snapshot}, a fresh one, tells of stalls begun or over since the last. */
    void check(String searchId, LeaderboardSnapshot snapshot) {
        Map<String, TrialStall> now = new HashMap<>();
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
            if (said.putIfAbsent(stall.trialId(), stall) == null) {
                listener.stalled(searchId, stall);
            }
        }
    }
}
