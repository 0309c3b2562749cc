package dev.trialstream.core.message;

/** The {@code datasets} topic (compacted, keyed by sha256/chunk): content-addressed CSV bytes. */
public sealed interface DatasetMessage extends Message permits BlobChunk {
}
