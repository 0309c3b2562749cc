package dev.trialstream.core.message;

/**
 * The {@code models} topic (compacted): the winner's bundle as {@link BlobChunk}s (keyed
 * sha256/chunk) followed by one {@link ModelPublished} (keyed by searchId) that points at them.
 */
public sealed interface ModelMessage extends Message permits ModelPublished, BlobChunk {
}
