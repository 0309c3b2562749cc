/** The worker's Kafka side: trial slots (poll, hand off, commit in a transaction), control, datasets. */
package dev.trialstream.worker.kafka;
