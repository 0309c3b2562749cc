/** Topic names and creation, and the adapters between the message codec and Kafka clients. */
package dev.trialstream.core.kafka;
