/**
 * The Kafka layer: topic names and their bootstrap, client configs, the content-addressed blob
 * store, the one "scan partitions to their end" helper, dead letters, and the periodic tasks of the
 * processes that use them ({@link dev.trialstream.kafka.Periodic}). Producer, worker,
 * aggregator, broker and launcher reach Kafka through it; core does not know it exists.
 */
package dev.trialstream.kafka;
