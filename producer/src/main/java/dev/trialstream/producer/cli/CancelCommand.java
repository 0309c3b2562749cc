package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.status.SearchStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trialstream cancel SEARCH_ID}: stop a search. */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = {"Cancel a search; no final model is fitted, unless --final-fit.",
                "Running trials stop at their next epoch, queued ones are skipped (recorded as pruned);"
                        + " with --finish they end as they would, and the final model is fitted.",
                "A search in its final fit is left alone (it ends with its model), unless --abandon-final-fit."})
public final class CancelCommand extends SearchCommand {

    @Option(names = "--reason", defaultValue = "cancelled by the user", paramLabel = "TEXT", description = "recorded on every stopped trial")
    private String reason;

    @Option(names = "--final-fit", description = "end the search now but keep what it found: once the running trials"
            + " have stopped, fit the final model (the ensemble) on the trials that completed")
    private boolean finalFit;

    @Option(names = "--finish", description = "end the search gently: start no more of its trials, let those already"
            + " started (or queued on a worker, at most one per lane) train to their end, then fit the final model on"
            + " every trial that completed; a later cancel stops them")
    private boolean finish;

    @Option(names = "--abandon-final-fit", description = "also end a search in its final fit (waiting for a worker"
            + " that never comes, say): it ends cancelled with no model, and that fit's result is ignored if it comes;"
            + " `trialstream refit ID` asks for the fit again later. On a search not yet in its final fit: a cancel"
            + " without a model, that also abandons a final fit should its last trial end before the cancel arrives")
    private boolean abandonFinalFit;

    @Override
    public Integer call() {
        if (finish && finalFit) {
            throw new IllegalArgumentException("--finish and --final-fit: give one (both fit the final model;"
                    + " --final-fit stops the running trials first, --finish lets them end)");
        }
        if (abandonFinalFit && (finish || finalFit)) {
            throw new IllegalArgumentException("--abandon-final-fit and " + (finish ? "--finish" : "--final-fit")
                    + ": give one (" + (finish ? "--finish" : "--final-fit") + " asks for the final model,"
                    + " --abandon-final-fit gives it up)");
        }
        String searchId = searchId();
        MessageCodec codec = new MessageCodec();
        LeaderboardSnapshot known = knownSearch("trialstream-cancel", codec);
        if (known.done()) {
            command.commandLine().getOut().printf("%s is already %s; nothing to cancel%n", searchId, known.status().wireName());
            return 0;
        }
        if (abandonFinalFit) {
            control("trialstream-cancel", codec, controls -> controls.cancelAbandoningFinalFit(searchId, reason));
            command.commandLine().getOut().printf(known.status() == SearchStatus.FINAL_FIT
                    ? "%s: cancel sent (%s), abandoning its final fit: it ends cancelled with no model, and the fit's"
                    + " result is ignored if it comes (`trialstream refit %s` asks for the fit again)%n"
                    : "%s: cancel sent (%s); no model, even should its final fit start before the cancel arrives"
                    + " (`trialstream refit %s` fits one on the trials that completed)%n", searchId, reason, searchId);
            return 0;
        }
        if (known.status() == SearchStatus.FINAL_FIT) {
            // Its trials have all ended; a plain cancel does not stop a final fit (it said "cancel sent", and the
            // search then ended done with its model all the same).
            command.commandLine().getOut().printf("%s is in its final fit, which cancel does not stop: every trial has"
                    + " ended, and it ends with its model (`trialstream watch %s` follows it); to end it now without"
                    + " a model (no worker to fit it, say): `trialstream cancel %s --abandon-final-fit`%n",
                    searchId, searchId, searchId);
            return 0;
        }
        if (finish) {
            control("trialstream-cancel", codec, controls -> controls.finish(searchId, reason));
            command.commandLine().getOut().printf("%s: finish sent (%s); no more of its trials start, those running"
                    + " end as they would, then the final model is fitted on the trials that completed (`trialstream"
                    + " watch %s` follows it; `trialstream cancel %s --final-fit` stops them now)%n",
                    searchId, reason, searchId, searchId);
            return 0;
        }
        control("trialstream-cancel", codec, controls -> controls.cancel(searchId, reason, finalFit));
        command.commandLine().getOut().printf("%s: cancel sent (%s)%s%n", searchId, reason,
                finalFit ? "; the final model will be fitted on the trials that completed (`trialstream watch "
                        + searchId + "` follows it)" : "");
        return 0;
    }
}
