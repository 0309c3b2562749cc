package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.CancelSearch;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.RefitRequested;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.kafka.Topics;
import java.time.Clock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What a user asks of a submitted search: to cancel it, or to fit its final model again.
 */
public final class SearchControls {

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final MessageCodec codec;
    private final Clock clock;

    public SearchControls(Producer<String, byte[]> producer, Topics topics, MessageCodec codec, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.clock = clock;
    }

    /**
     * CancelSearch on {@code control} makes every worker stop the search's running trials at their
     * next epoch and skip its queued ones (still committing them, as pruned, so nothing is left
     * behind); SearchCancelled on {@code searches} tells the aggregator to release no more trials
     * and, once those released have ended, not to fit a model — or, with {@code finalFit}, to fit
     * it on the trials that completed.
     */
    public void cancel(String searchId, String reason, boolean finalFit) {
        cancel(searchId, reason, finalFit, false);
    }

    /**
     * A {@link #cancel} without a model that also gives up a final fit: sent to a search in its final
     * fit (no worker to do it, say), it ends cancelled with no model, and the fit's result, if one
     * comes, is ignored; sent earlier, it is a plain cancel that also covers a final fit asked for
     * before it reaches the aggregator. The flag travels on SearchCancelled, the message the
     * aggregator decides on; CancelSearch on {@code control} stops the search's trials as a plain
     * cancel does.
     */
    public void cancelAbandoningFinalFit(String searchId, String reason) {
        cancel(searchId, reason, false, true);
    }

    private void cancel(String searchId, String reason, boolean finalFit, boolean abandonFinalFit) {
        long now = clock.millis();
        producer.send(new ProducerRecord<>(topics.control(), searchId, codec.encode(new CancelSearch(searchId, reason, now))));
        producer.send(new ProducerRecord<>(topics.searches(), searchId,
                codec.encode(new SearchCancelled(searchId, reason, now, finalFit, abandonFinalFit))));
        producer.flush();
    }

    /**
     * Ends a search gently: SearchCancelled on {@code searches} alone, asking for the final fit. The
     * aggregator releases no more trials; with no CancelSearch on {@code control}, the workers train
     * the trials already released (those running and the few queued: at most one per lane) to their
     * end, and the final model is fitted on every trial that completed. Sent after a {@link #cancel},
     * it stops nothing more; a {@link #cancel} after it stops the running trials.
     */
    public void finish(String searchId, String reason) {
        producer.send(new ProducerRecord<>(topics.searches(), searchId,
                codec.encode(new SearchCancelled(searchId, reason, clock.millis(), true))));
        producer.flush();
    }

    /**
     * RefitRequested on {@code searches}: the aggregator asks the workers for the same final fit
     * once more, if the fit failed or was never answered.
     */
    public void refit(String searchId, String reason) {
        producer.send(new ProducerRecord<>(topics.searches(), searchId,
                codec.encode(new RefitRequested(searchId, reason, clock.millis()))));
        producer.flush();
    }
}
