/** The producer's Kafka clients: submitting searches, reading leaderboards and models. */
package dev.trialstream.producer.kafka;
