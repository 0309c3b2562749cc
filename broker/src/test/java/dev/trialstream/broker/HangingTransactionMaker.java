package dev.trialstream.broker;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.TxnOffsetCommitRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.AbstractRequest;
import org.apache.kafka.common.requests.AbstractResponse;
import org.apache.kafka.common.requests.ProduceRequest;
import org.apache.kafka.common.requests.ProduceResponse;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.requests.TxnOffsetCommitRequest;
import org.apache.kafka.common.requests.TxnOffsetCommitResponse;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes a <em>hanging</em> transaction on purpose, for tests of its repair: a partition gets a
 * transactional write of a producer whose coordinator never hears of that partition, so the
 * coordinator's commit or abort sends no marker there and the partition's transaction stays open.
 * (In production a broker that drops a marker does this; see {@code HangingTransactions}.)
 *
 * <p>It writes the way a client from before transaction version 2 would, without first adding the
 * partition to the transaction ({@code AddPartitionsToTxn} / {@code AddOffsetsToTxn}): a produce
 * request or an offset commit at {@code LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2}, sent over a
 * plain socket. The broker accepts that only when {@link #BROKER_SETTINGS} turn its check off; from
 * version 2 on it adds the partition to the transaction itself, so there must be the older version.
 */
public final class HangingTransactionMaker {

    /** What the broker must run with: no check that a transactional write's partition is in its transaction. */
    public static final Map<String, String> BROKER_SETTINGS = Map.of("transaction.partition.verification.enable", "false");

    private static final Duration RETRY_FOR = Duration.ofSeconds(20);

    private final String host;
    private final int port;
    private final String transactionalId;
    private int correlationId;

    /** @param bootstrap the single broker's {@code host:port} (it leads every partition and coordinates everything) */
    public HangingTransactionMaker(String bootstrap, String transactionalId) {
        int colon = bootstrap.lastIndexOf(':');
        this.host = bootstrap.substring(0, colon);
        this.port = Integer.parseInt(bootstrap.substring(colon + 1));
        this.transactionalId = transactionalId;
    }

    /** What a transaction leaves open: written behind its coordinator's back, so no marker reaches it. */
    public interface Unannounced {
        void write(HangingTransactionMaker maker, long producerId, short epoch) throws Exception;
    }

    /**
     * Makes a hanging transaction: a producer of this maker's transactional id writes {@code value}
     * to {@code committedOn}, {@code unannounced} writes behind the coordinator's back (with
     * {@link #writeUnannounced} or {@link #commitOffsetUnannounced}), and the transaction commits.
     * The coordinator completes it; what the unannounced write touched stays open.
     *
     * @return the producer's id
     */
    public long commitLeavingOpen(Admin admin, TopicPartition committedOn, byte[] value, Unannounced unannounced)
            throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(committedOn.topic(), committedOn.partition(), "k", value)).get();
            ProducerState open = admin.describeProducers(List.of(committedOn)).all().get().get(committedOn)
                    .activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                    .findFirst().orElseThrow();
            unannounced.write(this, open.producerId(), (short) open.producerEpoch());
            producer.commitTransaction();
            return open.producerId();
        }
    }

    /**
     * Writes one record to {@code partition} in the transaction of {@code producerId}/{@code epoch}
     * (the producer of this maker's transactional id) without adding the partition to it.
     *
     * @param timestamp the record's time, which {@code describeProducers} reports as the producer's last write
     */
    public void writeUnannounced(TopicPartition partition, long producerId, short epoch, long timestamp)
            throws IOException, InterruptedException {
        writeUnannounced(partition, producerId, epoch, timestamp, "hanging".getBytes(), "hanging".getBytes());
    }

    /** As {@link #writeUnannounced(TopicPartition, long, short, long)}, a record of this key and value. */
    public void writeUnannounced(TopicPartition partition, long producerId, short epoch, long timestamp, byte[] key,
                                 byte[] value) throws IOException, InterruptedException {
        MemoryRecords records = MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, epoch, 0,
                new SimpleRecord(timestamp, key, value));
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000)
                .setTransactionalId(transactionalId);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName(partition.topic())
                .setPartitionData(List.of(new ProduceRequestData.PartitionProduceData()
                        .setIndex(partition.partition()).setRecords(records))));
        short version = ProduceRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2;
        send(new ProduceRequest(data, version), response -> ((ProduceResponse) response).data().responses()
                .iterator().next().partitionResponses().get(0).errorCode(), "produce to " + partition);
    }

    /**
     * Commits {@code offset} for {@code partition} in {@code groupId} inside the transaction of
     * {@code producerId}/{@code epoch}, without adding the group's offsets to it: the group's
     * offsets partition then holds a transaction the coordinator does not know of.
     */
    public void commitOffsetUnannounced(String groupId, TopicPartition partition, long offset, long producerId, short epoch)
            throws IOException, InterruptedException {
        TxnOffsetCommitRequestData data = new TxnOffsetCommitRequestData().setTransactionalId(transactionalId)
                .setGroupId(groupId).setProducerId(producerId).setProducerEpoch(epoch)
                .setGenerationIdOrMemberEpoch(-1).setMemberId("");
        data.topics().add(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestTopic().setName(partition.topic())
                .setPartitions(List.of(new TxnOffsetCommitRequestData.TxnOffsetCommitRequestPartition()
                        .setPartitionIndex(partition.partition()).setCommittedOffset(offset))));
        short version = TxnOffsetCommitRequest.LAST_STABLE_VERSION_BEFORE_TRANSACTION_V2;
        send(new TxnOffsetCommitRequest(data, version), response -> ((TxnOffsetCommitResponse) response).data()
                .topics().get(0).partitions().get(0).errorCode(), "offset commit of group " + groupId);
    }

    /** Sends the request until it succeeds or fails for good (a coordinator still loading is waited for). */
    private void send(AbstractRequest request, Function<AbstractResponse, Short> error, String what)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        while (true) {
            Errors result = Errors.forCode(error.apply(roundTrip(request)));
            if (result == Errors.NONE) {
                return;
            }
            if (!result.exception().getClass().getSimpleName().contains("Coordinator")
                    && result != Errors.NOT_LEADER_OR_FOLLOWER || System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " failed: " + result);
            }
            Thread.sleep(200);
        }
    }

    private AbstractResponse roundTrip(AbstractRequest request) throws IOException {
        ApiKeys api = request.apiKey();
        RequestHeader header = new RequestHeader(api, request.version(), "hanging-transaction-maker", ++correlationId);
        ByteBuffer bytes = request.serializeWithHeader(header);
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(bytes.remaining());
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[in.readInt()];
            in.readFully(response);
            return AbstractResponse.parseResponse(ByteBuffer.wrap(response), header);
        }
    }
}
