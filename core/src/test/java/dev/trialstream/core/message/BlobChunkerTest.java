package dev.trialstream.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlobChunkerTest {

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldComputeTheStandardSha256() {
        assertThat(BlobChunker.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void split_withAKnownRefGivesTheSameChunks() {
        byte[] data = randomBytes(1000, 1);
        BlobChunker chunker = new BlobChunker(64);

        assertThat(chunker.split(data, chunker.ref(data, "d.csv"))).isEqualTo(chunker.split(data, "d.csv"));
    }

    @Test
    void split_refusesARefThatDoesNotFitTheBytes() {
        byte[] data = randomBytes(1000, 1);
        FileRef shorter = new BlobChunker(64).ref(randomBytes(999, 1), "d.csv");
        FileRef otherChunks = new BlobChunker(128).ref(data, "d.csv");

        assertThatThrownBy(() -> new BlobChunker(64).split(data, shorter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ref d.csv (999 bytes in 16 chunks) does not fit 1000 bytes in chunks of 64");
        assertThatThrownBy(() -> new BlobChunker(64).split(data, otherChunks))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ref d.csv (1000 bytes in 8 chunks) does not fit 1000 bytes in chunks of 64");
    }

    @Test
    void shouldSplitIntoChunksOfTheGivenSize() {
        byte[] data = randomBytes(1000, 1);

        List<BlobChunk> chunks = new BlobChunker(64).split(data, "d.csv");

        assertThat(chunks).hasSize(16);
        assertThat(chunks).extracting(c -> c.data().length).containsOnly(64, 40).endsWith(40);
        assertThat(chunks).extracting(BlobChunk::chunkIndex).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 16).boxed().toList());
        assertThat(chunks.get(0).file()).isEqualTo(new BlobChunker(64).ref(data, "d.csv"));
    }

    @Test
    void shouldReassembleChunksInAnyOrderWithDuplicates() {
        byte[] data = randomBytes(1000, 2);
        List<BlobChunk> chunks = new ArrayList<>(new BlobChunker(64).split(data, "d.csv"));
        chunks.addAll(chunks.subList(3, 7));
        Collections.shuffle(chunks, new Random(3));
        BlobAssembler assembler = new BlobAssembler(chunks.get(0).file());

        chunks.forEach(assembler::add);

        assertThat(assembler.isComplete()).isTrue();
        assertThat(assembler.assemble()).isEqualTo(data);
    }

    @Test
    void shouldIgnoreChunksOfOtherFiles() {
        BlobChunker chunker = new BlobChunker(64);
        BlobAssembler assembler = new BlobAssembler(chunker.ref(randomBytes(100, 4), "a.csv"));

        assertThat(assembler.add(chunker.split(randomBytes(100, 5), "b.csv").get(0))).isFalse();
        assertThat(assembler.missing()).isEqualTo(2);
    }

    @Test
    void shouldNameMissingChunks() {
        byte[] data = randomBytes(1000, 6);
        List<BlobChunk> chunks = new BlobChunker(64).split(data, "d.csv");
        BlobAssembler assembler = new BlobAssembler(chunks.get(0).file());
        chunks.subList(0, 14).forEach(assembler::add);

        assertThatThrownBy(assembler::assemble)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("d.csv (" + chunks.get(0).sha256() + "): 2 of 16 chunks missing");
    }

    @Test
    void shouldRejectATamperedChunk() {
        byte[] data = randomBytes(100, 7);
        List<BlobChunk> chunks = new BlobChunker(64).split(data, "d.csv");
        byte[] tampered = chunks.get(1).data();
        tampered[0] ^= 1;
        data[64] ^= 1;
        BlobChunk forged = new BlobChunk(chunks.get(1).sha256(), 1, 2, 100, "d.csv", tampered);
        BlobAssembler assembler = new BlobAssembler(chunks.get(0).file());
        assembler.add(chunks.get(0));
        assembler.add(forged);

        assertThatThrownBy(assembler::assemble)
                .hasMessage("d.csv: SHA-256 mismatch, expected " + chunks.get(0).sha256() + ", found "
                        + BlobChunker.sha256(data));
    }

    @Test
    void shouldRejectAChunkThatDisagreesOnTheShape() {
        byte[] data = randomBytes(100, 8);
        FileRef ref = new BlobChunker(64).ref(data, "d.csv");
        BlobAssembler assembler = new BlobAssembler(ref);

        assertThatThrownBy(() -> assembler.add(new BlobChunk(ref.sha256(), 0, 3, 100, "d.csv", new byte[10])))
                .hasMessage("d.csv (" + ref.sha256() + "): chunk 0 says 3 chunks / 100 bytes, expected 2 chunks / 100 bytes");
    }

    @Test
    void emptyFile_isOneEmptyChunk() {
        List<BlobChunk> chunks = new BlobChunker().split(new byte[0], "empty.csv");
        BlobAssembler assembler = new BlobAssembler(chunks.get(0).file());
        assembler.add(chunks.get(0));

        assertThat(chunks).hasSize(1);
        assertThat(assembler.assemble()).isEmpty();
    }

    @Test
    void chunker_tooLarge() {
        assertThatThrownBy(() -> new BlobChunker(BlobChunker.MAX_CHUNK_BYTES + 1))
                .hasMessage("chunkBytes must be in [1, 716800], found 716801");
    }

    @Test
    void shouldKeepTheLargestChunkUnderTheDefaultOneMebibyteMessageLimit() {
        MessageCodec codec = new MessageCodec();
        byte[] data = randomBytes(BlobChunker.MAX_CHUNK_BYTES, 9);
        BlobChunk largest = new BlobChunker(BlobChunker.MAX_CHUNK_BYTES).split(data, "a-long-display-name.csv").get(0);
        BlobChunk usual = new BlobChunker().split(data, "a-long-display-name.csv").get(0);

        int largestRecord = codec.encode(largest).length + largest.key().length();
        // Room for the record batch header and a few headers below the 1 MiB producer/broker default.
        assertThat(largestRecord).isLessThan(1024 * 1024 - 4 * 1024);
        assertThat(codec.encode(usual).length).isLessThan(700 * 1024);
    }
}
