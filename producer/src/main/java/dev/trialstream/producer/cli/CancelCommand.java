package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream cancel SEARCH_ID}: stop a search. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a search; no final model is fitted, unless --final-fit.",
                "Running trials stop at their next epoch, queued ones are skipped (recorded as pruned)."})
public final class CancelCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "cancelled by the user", paramLabel = "TEXT", description = "recorded on every stopped trial")
    private String reason;

    @Option(names = "--final-fit", description = "end the search now but keep what it found: once the running trials"
            + " have stopped, fit the final model (the ensemble) on the trials that completed")
    private boolean finalFit;

    @Override
    public Integer call() {
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        LeaderboardSnapshot known = knownSearch("trialstream-cancel", codec);
        if (known.done()) {
            command.commandLine().getOut().printf("%s is already %s; nothing to cancel%n", searchId, known.status().wireName());
            return 0;
        }
        control("trialstream-cancel", codec, controls -> controls.cancel(searchId, reason, finalFit));
        command.commandLine().getOut().printf("%s: cancel sent (%s)%s%n", searchId, reason,
                finalFit ? "; the final model will be fitted on the trials that completed (`trialstream watch "
                        + searchId + "` follows it)" : "");
        return 0;
    }
}
