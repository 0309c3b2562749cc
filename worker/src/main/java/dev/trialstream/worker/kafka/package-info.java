/** The worker's Kafka side: trial slots (poll, hand off, commit in a transaction), the control listener, its client configs. */
package dev.trialstream.worker.kafka;
