package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream refit SEARCH_ID}: ask for a search's final fit again. */
@Command(name = "refit", mixinStandardHelpOptions = true,
        description = {"Ask for a search's final fit again, when it failed or never came back.",
                "The same winner and ensemble are fitted again by the next free worker slot.",
                "A search cancelled without a model gets its final fit on the trials that completed."})
public final class RefitCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "asked for by the user", paramLabel = "TEXT",
            description = "recorded in the aggregator's log")
    private String reason;

    @Override
    public Integer call() {
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        LeaderboardSnapshot search = knownSearch("trialstream-refit", codec);
        SearchStatus status = search.status();
        if (status == SearchStatus.CANCELLED || status == SearchStatus.CANCELLING) {
            return fitAfterCancel(search, codec);
        }
        if (status == SearchStatus.DONE) {
            command.commandLine().getOut().printf("%s is already done (its model is on %s); nothing to refit%n",
                    searchId, kafka.topics().models());
            return 0;
        }
        if (status != SearchStatus.FINAL_FIT && status != SearchStatus.FINAL_FIT_FAILED) {
            throw new IllegalArgumentException(searchId + " is " + status.wireName() + ": only a search whose final"
                    + " fit failed (final-fit-failed), never came back (final-fit) or that was cancelled without a"
                    + " model (cancelled, cancelling) can be refitted");
        }
        control("trialstream-refit", codec, controls -> controls.refit(searchId, reason));
        command.commandLine().getOut().printf("%s: refit sent (it was %s); follow it with `trialstream watch %s`%n",
                searchId, status.wireName(), searchId);
        return 0;
    }

    /** A search cancelled without a model: its final fit on the trials that completed, if any did. */
    private Integer fitAfterCancel(LeaderboardSnapshot search, MessageCodec codec) {
        String searchId = search.searchId();
        if (search.best().isEmpty()) {
            throw new IllegalArgumentException(searchId + " was cancelled before any of its trials completed ("
                    + search.counts().pruned() + " pruned, " + search.counts().failed() + " failed): there is nothing"
                    + " to fit a model on");
        }
        control("trialstream-refit", codec, controls -> controls.refit(searchId, reason));
        command.commandLine().getOut().printf("%s: refit sent (it was %s): its final model will be fitted on the trials"
                + " that completed (best %s)%s; follow it with `trialstream watch %s`%n", searchId,
                search.status().wireName(), search.best().get().trialId(),
                search.status() == SearchStatus.CANCELLING ? ", once the trials still stopping have ended" : "",
                searchId);
        return 0;
    }
}
