/** The records that travel on the Kafka topics, and their versioned JSON codec. */
package dev.trialstream.core.message;
