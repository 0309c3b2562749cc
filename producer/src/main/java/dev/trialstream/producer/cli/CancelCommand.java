package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream cancel SEARCH_ID}: stop a search. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a search; no final model is fitted.",
                "Running trials stop at their next epoch, queued ones are skipped (recorded as pruned)."})
public final class CancelCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "cancelled by the user", paramLabel = "TEXT", description = "recorded on every stopped trial")
    private String reason;

    @Override
    public Integer call() {
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        LeaderboardSnapshot known = knownSearch("trialstream-cancel", codec);
        if (known.done()) {
            command.commandLine().getOut().printf("%s is already %s; nothing to cancel%n", searchId, known.status().wireName());
            return 0;
        }
        control("trialstream-cancel", codec, controls -> controls.cancel(searchId, reason));
        command.commandLine().getOut().printf("%s: cancel sent (%s)%n", searchId, reason);
        return 0;
    }
}
