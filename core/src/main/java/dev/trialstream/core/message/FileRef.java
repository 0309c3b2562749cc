package dev.trialstream.core.message;

/**
 * A file uploaded as {@link BlobChunk}s: the SHA-256 both names the chunks and lets the reader
 * verify what it reassembled.
 *
 * @param sha256      lowercase hex SHA-256 of the whole file
 * @param totalBytes  the file's length
 * @param chunkCount  how many chunks carry it (an empty file is one empty chunk)
 * @param displayName the original file name, for messages and logs only
 */
public record FileRef(String sha256, long totalBytes, int chunkCount, String displayName) {

    public FileRef {
        Checks.sha256(sha256, "sha256");
        Checks.atLeast(totalBytes, 0, "totalBytes");
        Checks.positive(chunkCount, "chunkCount");
        Checks.text(displayName, "displayName");
        if (chunkCount > Math.max(1, totalBytes)) {
            throw new IllegalArgumentException(
                    "chunkCount must be at most max(1, totalBytes) = " + Math.max(1, totalBytes) + ", found " + chunkCount);
        }
    }

    /** The record key of one of this file's chunks. */
    public String chunkKey(int chunkIndex) {
        return BlobChunk.key(sha256, chunkIndex);
    }
}
