package dev.trialstream.producer.cli;

import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream refit SEARCH_ID}: ask for a search's final fit again. */
@Command(name = "refit", mixinStandardHelpOptions = true,
        description = {"Ask for a search's final fit again, when it failed or never came back.",
                "The same winner and ensemble are fitted again by the next free worker slot."})
public final class RefitCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "asked for by the user", paramLabel = "TEXT",
            description = "recorded in the aggregator's log")
    private String reason;

    @Override
    public Integer call() {
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        SearchStatus status = knownSearch("trialstream-refit", codec).status();
        if (status == SearchStatus.DONE) {
            command.commandLine().getOut().printf("%s is already done (its model is on %s); nothing to refit%n",
                    searchId, kafka.topics().models());
            return 0;
        }
        if (status != SearchStatus.FINAL_FIT && status != SearchStatus.FINAL_FIT_FAILED) {
            throw new IllegalArgumentException(searchId + " is " + status.wireName() + ": only a search whose final"
                    + " fit failed (final-fit-failed) or never came back (final-fit) can be refitted");
        }
        control("trialstream-refit", codec, controls -> controls.refit(searchId, reason));
        command.commandLine().getOut().printf("%s: refit sent (it was %s); follow it with `trialstream watch %s`%n",
                searchId, status.wireName(), searchId);
        return 0;
    }
}
