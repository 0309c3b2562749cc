/** The parts of a search that need neither DL4J nor Kafka: data, specs, strategies, contracts. */
package dev.trialstream.core;
