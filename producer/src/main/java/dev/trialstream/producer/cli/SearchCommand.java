package dev.trialstream.producer.cli;

import dev.trialstream.core.message.LeaderboardSnapshot;
import dev.trialstream.core.message.MessageCodec;
import dev.trialstream.core.message.SearchMessage;
import dev.trialstream.core.text.DidYouMean;
import dev.trialstream.kafka.KafkaAdminException;
import dev.trialstream.kafka.KeyedReader;
import dev.trialstream.producer.kafka.SearchControls;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command about one search: its SEARCH_ID argument, the broker it reads, and where it prints. */
public abstract class SearchCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec command;

    private String searchId;

    @Mixin
    protected BrokerOptions kafka = new BrokerOptions();

    protected String searchId() {
        return searchId;
    }

    /** A blank id is refused by name: it read as "no search  in trialstream.leaderboard". */
    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "the id submit printed, e.g. s-1a2b3c4d")
    void searchId(String id) {
        if (id.isBlank()) {
            throw new ParameterException(command.commandLine(), "SEARCH_ID is empty: give the id submit printed, e.g."
                    + " s-1a2b3c4d (`trialstream status` lists the searches)");
        }
        searchId = id;
    }

    /**
     * The search's latest leaderboard on the topic. A search that has none is either one no
     * aggregator has reported yet (its submission is on {@code searches}: a failure, exit 1, asking
     * whether an aggregator runs) or an id never submitted (bad input, named with the topics).
     */
    protected LeaderboardSnapshot knownSearch(String clientId, MessageCodec codec) {
        Optional<LeaderboardSnapshot> latest = kafka.latestLeaderboard(clientId, searchId, codec);
        if (latest.isPresent()) {
            return latest.get();
        }
        Optional<Boolean> submitted = submitted(clientId, codec);
        if (submitted.orElse(false)) {
            throw new IllegalStateException("search " + searchId + " was submitted, but no aggregator has reported it"
                    + " yet (it has nothing on " + kafka.topics().leaderboard() + "): " + SilenceHint.NO_AGGREGATOR);
        }
        if (submitted.isPresent()) {
            throw unknownSearch(clientId, codec);
        }
        throw new IllegalArgumentException("no search " + searchId + " in " + kafka.topics().leaderboard()
                + meant(clientId, codec, false).map(id -> ": did you mean " + id + "?").orElse(""));
    }

    /**
     * A search id on neither the leaderboard nor {@code searches}: bad input. An id that differs
     * from an existing one only in case ({@code S-ABCD1234}) or by one typo is most likely that
     * one, and is named, since ids are matched exactly.
     */
    protected IllegalArgumentException unknownSearch(String clientId, MessageCodec codec) {
        String where = "no search " + searchId + " in " + kafka.topics().leaderboard() + " or "
                + kafka.topics().searches() + ": ";
        return new IllegalArgumentException(meant(clientId, codec, true).map(id -> where + "did you mean " + id + "?")
                .orElse(where + "is the id right, and --topic-prefix the one it was submitted with?"
                        + " (`trialstream status` lists the searches)"));
    }

    /**
     * The existing id the mistyped one most likely meant ({@link DidYouMean}), from the ids on the
     * leaderboard and, when {@code withSearches}, on {@code searches} (a search no aggregator has
     * reported yet). Read only once the lookup by the id found nothing; a read that fails leaves
     * the message as it was, since the id is unknown either way.
     */
    private Optional<String> meant(String clientId, MessageCodec codec, boolean withSearches) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(clientId)) {
            KeyedReader reader = new KeyedReader(consumer, codec, kafka.timeout());
            return kafka.bounded(() -> {
                Set<String> ids = new LinkedHashSet<>(reader.keys(kafka.topics().leaderboard()));
                if (withSearches) {
                    ids.addAll(reader.keys(kafka.topics().searches()));
                }
                return DidYouMean.among(searchId, ids);
            });
        } catch (KafkaAdminException | KafkaException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether anything of the search (its submission, a cancel) is on {@code searches}; empty when
     * this login may not read it (the producer role's ACLs do not grant it).
     */
    protected Optional<Boolean> submitted(String clientId, MessageCodec codec) {
        try (KafkaConsumer<String, byte[]> consumer = kafka.consumer(clientId)) {
            KeyedReader reader = new KeyedReader(consumer, codec, kafka.timeout());
            return kafka.bounded(() -> {
                try {
                    return Optional.of(reader.latest(kafka.topics().searches(), searchId, SearchMessage.class)
                            .isPresent());
                } catch (AuthorizationException e) {
                    return Optional.<Boolean>empty();
                }
            });
        }
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
