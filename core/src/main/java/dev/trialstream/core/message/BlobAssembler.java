package dev.trialstream.core.message;

import java.io.ByteArrayOutputStream;

/**
 * Collects the chunks of one file, in any order and with duplicates (Kafka redelivers), and
 * hands back its bytes only once they match the expected length and SHA-256.
 */
public final class BlobAssembler {

    private final FileRef expected;
    private final byte[][] parts;
    private int received;

    public BlobAssembler(FileRef expected) {
        this.expected = Checks.present(expected, "expected");
        this.parts = new byte[expected.chunkCount()][];
    }

    /**
     * Adds a chunk; chunks of other files are ignored.
     *
     * @return whether this chunk belonged to the file
     * @throws IllegalArgumentException when the chunk claims this file but disagrees on its shape
     */
    public boolean add(BlobChunk chunk) {
        if (!chunk.sha256().equals(expected.sha256())) {
            return false;
        }
        if (chunk.chunkCount() != expected.chunkCount() || chunk.totalBytes() != expected.totalBytes()) {
            throw new IllegalArgumentException(expected.displayName() + " (" + expected.sha256() + "): chunk "
                    + chunk.chunkIndex() + " says " + chunk.chunkCount() + " chunks / " + chunk.totalBytes()
                    + " bytes, expected " + expected.chunkCount() + " chunks / " + expected.totalBytes() + " bytes");
        }
        if (parts[chunk.chunkIndex()] == null) {
            parts[chunk.chunkIndex()] = chunk.data();
            received++;
        }
        return true;
    }

    public boolean isComplete() {
        return received == parts.length;
    }

    /** How many distinct chunks are still missing. */
    public int missing() {
        return parts.length - received;
    }

    /**
     * The file's bytes.
     *
     * @throws IllegalStateException when chunks are missing, or the bytes do not match the hash
     */
    public byte[] assemble() {
        if (!isComplete()) {
            throw new IllegalStateException(expected.displayName() + " (" + expected.sha256() + "): "
                    + missing() + " of " + parts.length + " chunks missing");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 8, expected.totalBytes()));
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length != expected.totalBytes()) {
            throw new IllegalStateException(expected.displayName() + " (" + expected.sha256() + "): reassembled "
                    + bytes.length + " bytes, expected " + expected.totalBytes());
        }
        String actual = BlobChunker.sha256(bytes);
        if (!actual.equals(expected.sha256())) {
            throw new IllegalStateException(expected.displayName() + ": SHA-256 mismatch, expected "
                    + expected.sha256() + ", found " + actual);
        }
        return bytes;
    }
}
