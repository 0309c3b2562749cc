package dev.trialstream.producer.kafka;

import dev.trialstream.core.message.CancelSearch;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchCancelled;
import dev.trialstream.kafka.Topics;
import java.time.Clock;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cancels a search: CancelSearch on {@code control} makes every worker stop the search's running
 * trials at their next epoch and skip its queued ones (still committing them, as pruned, so nothing
 * is left behind); SearchCancelled on {@code searches} tells the aggregator not to fit a model.
 */
public final class SearchCanceller {

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final MessageCodec codec;
    private final Clock clock;

    public SearchCanceller(Producer<String, byte[]> producer, Topics topics, MessageCodec codec, Clock clock) {
        this.producer = producer;
        this.topics = topics;
        this.codec = codec;
        this.clock = clock;
    }

    public void cancel(String searchId, String reason) {
        long now = clock.millis();
        producer.send(new ProducerRecord<>(topics.control(), searchId, codec.encode(new CancelSearch(searchId, reason, now))));
        producer.send(new ProducerRecord<>(topics.searches(), searchId,
                codec.encode(new SearchCancelled(searchId, reason, now))));
        producer.flush();
    }
}
