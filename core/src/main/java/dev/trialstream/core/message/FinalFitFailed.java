package dev.trialstream.core.message;

/** The final fit could not finish; without this the aggregator would wait for a model forever. */
public record FinalFitFailed(String searchId, String trialId, String reason, String workerId, long at)
        implements EventMessage {

    public FinalFitFailed {
        Checks.id(searchId, "searchId");
        Checks.id(trialId, "trialId");
        Checks.text(reason, "reason");
        Checks.id(workerId, "workerId");
        Checks.atLeast(at, 0, "at");
    }
}
