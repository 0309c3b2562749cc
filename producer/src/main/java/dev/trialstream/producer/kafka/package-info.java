/** The producer's Kafka work, free of any CLI type: submitting, following and cancelling searches, fetching models. */
package dev.trialstream.producer.kafka;
