package dev.trialstream.core.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * One slice of a content-addressed file: a dataset CSV on {@code datasets}, a model bundle on
 * {@code models}. Chunks keep every record under the default 1 MiB message size, so neither
 * broker nor producer limits need raising (see {@link BlobChunker}). In JSON the bytes are base64.
 *
 * @param sha256      the whole file's SHA-256 (not this chunk's)
 * @param chunkIndex  0-based position of this slice
 * @param chunkCount  how many slices make the file
 * @param totalBytes  the whole file's length
 * @param displayName the original file name, for messages only
 * @param data        this slice's bytes
 */
public record BlobChunk(String sha256, int chunkIndex, int chunkCount, long totalBytes, String displayName,
                        byte[] data) implements DatasetMessage, ModelMessage {

    public BlobChunk {
        Checks.sha256(sha256, "sha256");
        Checks.positive(chunkCount, "chunkCount");
        if (chunkIndex < 0 || chunkIndex >= chunkCount) {
            throw new IllegalArgumentException(
                    "chunkIndex must be in [0, " + chunkCount + "), found " + chunkIndex);
        }
        Checks.atLeast(totalBytes, 0, "totalBytes");
        Checks.text(displayName, "displayName");
        Checks.present(data, "data");
        if (data.length > totalBytes) {
            throw new IllegalArgumentException(
                    "data has " + data.length + " bytes, more than totalBytes " + totalBytes);
        }
        data = data.clone();
    }

    /** Chunks are keyed by file and index so that compaction keeps every slice. */
    static String key(String sha256, int chunkIndex) {
        return sha256 + "/" + chunkIndex;
    }

    @Override
    public String key() {
        return key(sha256, chunkIndex);
    }

    /** A copy: the record stays immutable. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The file this chunk belongs to. */
    public FileRef file() {
        return new FileRef(sha256, totalBytes, chunkCount, displayName);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlobChunk that
                && sha256.equals(that.sha256) && chunkIndex == that.chunkIndex && chunkCount == that.chunkCount
                && totalBytes == that.totalBytes && displayName.equals(that.displayName)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sha256, chunkIndex, chunkCount, totalBytes, displayName) * 31 + Arrays.hashCode(data);
    }

    /** Never the bytes: a chunk is up to half a megabyte. */
    @Override
    public String toString() {
        return "BlobChunk[" + displayName + " " + sha256.substring(0, 12) + "… " + (chunkIndex + 1) + "/" + chunkCount
                + ", " + data.length + " of " + totalBytes + " bytes]";
    }
}
