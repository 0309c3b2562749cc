/** Picocli commands and option groups of the producer CLI. */
package dev.trialstream.producer.cli;
