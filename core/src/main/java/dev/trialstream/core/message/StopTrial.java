package dev.trialstream.core.message;

/** Stop one trial at its next epoch boundary (the pruning policy's decision). */
public record StopTrial(String searchId, String trialId, String reason, long at) implements ControlMessage {

    public StopTrial {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.text(reason, "reason");
        Checks.atLeast(at, 0, "at");
    }
}
