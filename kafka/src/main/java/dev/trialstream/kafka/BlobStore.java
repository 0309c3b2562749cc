package dev.trialstream.kafka;

import dev.trialstream.core.message.BlobAssembler;
import dev.trialstream.core.message.BlobChunk;
import dev.trialstream.core.message.BlobChunker;
import dev.trialstream.core.message.FileRef;
import dev.trialstream.core.message.Message;
import dev.trialstream.core.message.MessageCodec;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Files in Kafka, content-addressed: a file is cut into {@link BlobChunk}s keyed
 * {@code sha256/index}, and every chunk of one file goes to the same partition (chosen from the
 * hash), so a reader scans one partition of a compacted topic instead of all of them. Used for
 * datasets (topic {@code datasets}) and model bundles (topic {@code models}).
 */
public final class BlobStore {

    private final MessageCodec codec;
    private final BlobChunker chunker;

    public BlobStore(MessageCodec codec, BlobChunker chunker) {
        this.codec = codec;
        this.chunker = chunker;
    }

    public BlobStore(MessageCodec codec) {
        this(codec, new BlobChunker());
    }

    /** The reference this store's chunks of the file carry (its hash, length and chunk count). */
    public FileRef ref(byte[] data, String displayName) {
        return chunker.ref(data, displayName);
    }

    /**
     * Sends the file's chunks (inside the producer's transaction, if it has one open) and returns
     * its reference. The sends are asynchronous; flush or commit before relying on them.
     */
    public FileRef upload(Producer<String, byte[]> producer, String topic, byte[] data, String displayName) {
        FileRef ref = chunker.ref(data, displayName);
        upload(producer, topic, data, ref);
        return ref;
    }

    /**
     * {@link #upload(Producer, String, byte[], String)} for a file whose reference is already known
     * (made by this store's chunker), so its bytes are not hashed again.
     */
    public void upload(Producer<String, byte[]> producer, String topic, byte[] data, FileRef ref) {
        int partition = PartitionScan.partitionOf(ref.sha256(), producer.partitionsFor(topic).size());
        for (BlobChunk chunk : chunker.split(data, ref)) {
            producer.send(new ProducerRecord<>(topic, partition, chunk.key(), codec.encode(chunk)));
        }
    }

    /** {@link #upload} and wait until the broker has every chunk. */
    public FileRef uploadAndWait(Producer<String, byte[]> producer, String topic, byte[] data, String displayName) {
        FileRef ref = upload(producer, topic, data, displayName);
        producer.flush();
        return ref;
    }

    /**
     * Reads a file back: assigns the consumer to the file's partition, scans it from the start to
     * its current end, and checks the assembled bytes against the reference's length and hash.
     * The consumer must not be subscribed to a group; its assignment is replaced.
     *
     * @throws BlobNotFoundException when the partition ends before every chunk was seen
     * @throws TimeoutException        when the broker does not answer within the timeout (retriable)
     */
    public byte[] fetch(Consumer<String, byte[]> consumer, String topic, FileRef ref, Duration timeout) {
        PartitionScan scan = new PartitionScan(consumer, timeout);
        BlobAssembler assembler = new BlobAssembler(ref);
        String prefix = ref.sha256() + "/";
        try {
            scan.scan(List.of(scan.partitionOf(topic, ref.sha256())), record -> {
                if (record.key() != null && record.key().startsWith(prefix)) {
                    assembler.add(chunk(record));
                }
            }, assembler::isComplete);
        } catch (TimeoutException e) {
            // The broker did not answer in time: the file may well be there, so this stays a
            // (retriable) timeout, not a BlobNotFoundException.
            throw new TimeoutException(ref.displayName() + " (" + ref.sha256() + ") not read from " + topic + ": "
                    + e.getMessage(), e);
        }
        if (!assembler.isComplete()) {
            throw new BlobNotFoundException(ref.displayName() + " (" + ref.sha256() + ") is not in " + topic
                    + ": " + assembler.missing() + " of " + ref.chunkCount() + " chunks missing");
        }
        return assembler.assemble();
    }

    private BlobChunk chunk(ConsumerRecord<String, byte[]> record) {
        Message message = codec.decode(record.value(), Message.class);
        if (message instanceof BlobChunk chunk) {
            return chunk;
        }
        throw new IllegalStateException("expected a BlobChunk at " + record.topic() + "-" + record.partition()
                + "@" + record.offset() + ", found " + message.getClass().getSimpleName());
    }

    /** A file that Kafka does not hold (never uploaded, or compacted away). */
    public static final class BlobNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BlobNotFoundException(String message) {
            super(message);
        }
    }
}
