/**
 * The Kafka layer: topic names and their bootstrap, client configs, the content-addressed blob
 * store, the one "scan partitions to their end" helper, and dead letters. Producer, worker,
 * aggregator, broker and launcher reach Kafka through it; core does not know it exists.
 */
package dev.trialstream.kafka;
