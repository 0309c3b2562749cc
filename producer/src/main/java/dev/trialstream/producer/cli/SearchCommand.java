package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.producer.kafka.SearchControls;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command about one search: its SEARCH_ID argument, the broker it reads, and where it prints. */
public abstract class SearchCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec command;

    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "the id submit printed, e.g. s-1a2b3c4d")
    private String searchId;

    @Mixin
    protected BrokerOptions kafka = new BrokerOptions();

    protected String searchId() {
        return searchId;
    }

    /** The search's latest leaderboard on the topic; a search that has none is bad input, named with the topic. */
    protected LeaderboardSnapshot knownSearch(String clientId, MessageCodec codec) {
        return kafka.latestLeaderboard(clientId, searchId, codec).orElseThrow(() -> new IllegalArgumentException(
                "no search " + searchId + " in " + kafka.topics().leaderboard()));
    }

    /** Sends what {@code action} asks of the search, within the broker options' timeout. */
    protected void control(String clientId, MessageCodec codec, Consumer<SearchControls> action) {
        try (KafkaProducer<String, byte[]> producer = kafka.producer(clientId)) {
            kafka.bounded(() -> {
                action.accept(new SearchControls(producer, kafka.topics(), codec, Clock.systemUTC()));
                return null;
            });
        }
    }
}
