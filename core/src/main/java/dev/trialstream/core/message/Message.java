package dev.trialstream.core.message;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * Everything that travels on a trialstream topic. The JSON carries a {@code type} discriminator
 * (the record's simple name) and a {@code schemaVersion}; the subtypes are listed here, never
 * discovered, so nothing outside this list can be instantiated from a message.
 *
 * <p>Topic families: {@link SearchMessage} ({@code searches}), {@link DatasetMessage}
 * ({@code datasets}), {@link TrialMessage} ({@code trials}), {@link EventMessage}
 * ({@code events}), {@link ControlMessage} ({@code control}), {@link LeaderboardSnapshot}
 * ({@code leaderboard}), {@link ModelMessage} ({@code models}), {@link DeadLetter}
 * ({@code dead-letters}), {@link ScheduleMessage} ({@code schedule}, {@code grants}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = SearchSubmitted.class, name = "SearchSubmitted"),
        @JsonSubTypes.Type(value = SearchCancelled.class, name = "SearchCancelled"),
        @JsonSubTypes.Type(value = RefitRequested.class, name = "RefitRequested"),
        @JsonSubTypes.Type(value = BlobChunk.class, name = "BlobChunk"),
        @JsonSubTypes.Type(value = TrialRequested.class, name = "TrialRequested"),
        @JsonSubTypes.Type(value = FinalFitRequested.class, name = "FinalFitRequested"),
        @JsonSubTypes.Type(value = TrialStarted.class, name = "TrialStarted"),
        @JsonSubTypes.Type(value = EpochReported.class, name = "EpochReported"),
        @JsonSubTypes.Type(value = TrialCompleted.class, name = "TrialCompleted"),
        @JsonSubTypes.Type(value = TrialPruned.class, name = "TrialPruned"),
        @JsonSubTypes.Type(value = TrialFailed.class, name = "TrialFailed"),
        @JsonSubTypes.Type(value = FinalFitCompleted.class, name = "FinalFitCompleted"),
        @JsonSubTypes.Type(value = FinalFitFailed.class, name = "FinalFitFailed"),
        @JsonSubTypes.Type(value = StopTrial.class, name = "StopTrial"),
        @JsonSubTypes.Type(value = CancelSearch.class, name = "CancelSearch"),
        @JsonSubTypes.Type(value = RungCutoffs.class, name = "RungCutoffs"),
        @JsonSubTypes.Type(value = LeaderboardSnapshot.class, name = "LeaderboardSnapshot"),
        @JsonSubTypes.Type(value = ModelPublished.class, name = "ModelPublished"),
        @JsonSubTypes.Type(value = DeadLetter.class, name = "DeadLetter"),
        @JsonSubTypes.Type(value = SearchDemand.class, name = "SearchDemand"),
        @JsonSubTypes.Type(value = SlotsGranted.class, name = "SlotsGranted"),
        @JsonSubTypes.Type(value = WorkerSlots.class, name = "WorkerSlots")
})
@JsonPropertyOrder({"schemaVersion"})
public sealed interface Message
        permits SearchMessage, DatasetMessage, TrialMessage, EventMessage, ControlMessage,
                LeaderboardSnapshot, ModelMessage, DeadLetter, ScheduleMessage {

    /**
     * The version this code writes; the codec reads it and {@link #OLDEST_READABLE_SCHEMA_VERSION}
     * onwards (an older message gets the fields added since as null), and refuses any other. 2: CV settings travel as
     * one {@code CvPlan}, CV results as per-fold {@code CvScores}, states as enums, a dataset as
     * one layout plus its files, and nothing carries a number derived from another field. 3: a
     * completed trial carries its out-of-fold predictions; a leaderboard its ensemble. 4: a
     * completed trial whose predictions are too large for the event carries a reference to them in
     * the blob store ({@code TrialCompleted.outOfFoldFile}) instead. 5: a cancel can ask for the
     * final fit anyway ({@code SearchCancelled.finalFit}).
     */
    int CURRENT_SCHEMA_VERSION = 5;

    /** The oldest version the codec still reads: 3, whose TrialCompleted has no {@code outOfFoldFile}. */
    int OLDEST_READABLE_SCHEMA_VERSION = 3;

    /** Written into every message so a reader can refuse a layout it does not know. */
    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return CURRENT_SCHEMA_VERSION;
    }

    /** The Kafka record key this message is sent with on its topic. */
    String key();
}
