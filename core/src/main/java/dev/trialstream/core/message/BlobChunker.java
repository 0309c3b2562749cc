package dev.trialstream.core.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Cuts a file into {@link BlobChunk}s named by its SHA-256. */
public final class BlobChunker {

    /**
     * 512 KiB of bytes is ~683 KiB of base64 JSON: under the 1 MiB default of the broker's
     * {@code message.max.bytes} and the producer's {@code max.request.size}, with room to spare.
     */
    public static final int DEFAULT_CHUNK_BYTES = 512 * 1024;

    /** Larger chunks would no longer fit the 1 MiB defaults once base64-encoded. */
    public static final int MAX_CHUNK_BYTES = 700 * 1024;

    private final int chunkBytes;

    public BlobChunker(int chunkBytes) {
        if (chunkBytes < 1 || chunkBytes > MAX_CHUNK_BYTES) {
            throw new IllegalArgumentException(
                    "chunkBytes must be in [1, " + MAX_CHUNK_BYTES + "], found " + chunkBytes);
        }
        this.chunkBytes = chunkBytes;
    }

    public BlobChunker() {
        this(DEFAULT_CHUNK_BYTES);
    }

    /** The reference a message carries for this file. */
    public FileRef ref(byte[] data, String displayName) {
        return new FileRef(sha256(data), data.length, chunkCount(data.length), displayName);
    }

    /** The chunks to send, in order; an empty file is one empty chunk. */
    public List<BlobChunk> split(byte[] data, String displayName) {
        return split(data, ref(data, displayName));
    }

    /**
     * The chunks of a file whose reference {@link #ref} has already made, so the bytes are not
     * hashed again; a reference whose length or chunk count does not fit the bytes is refused.
     */
    public List<BlobChunk> split(byte[] data, FileRef ref) {
        if (ref.totalBytes() != data.length || ref.chunkCount() != chunkCount(data.length)) {
            throw new IllegalArgumentException("ref " + ref.displayName() + " (" + ref.totalBytes() + " bytes in "
                    + ref.chunkCount() + " chunks) does not fit " + data.length + " bytes in chunks of " + chunkBytes);
        }
        String displayName = ref.displayName();
        List<BlobChunk> chunks = new ArrayList<>(ref.chunkCount());
        for (int i = 0; i < ref.chunkCount(); i++) {
            int from = i * chunkBytes;
            int to = Math.min(data.length, from + chunkBytes);
            chunks.add(new BlobChunk(ref.sha256(), i, ref.chunkCount(), data.length, displayName,
                    Arrays.copyOfRange(data, from, to)));
        }
        return chunks;
    }

    private int chunkCount(long length) {
        return (int) Math.max(1, (length + chunkBytes - 1) / chunkBytes);
    }

    /** Lowercase hex SHA-256. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
    }
}
