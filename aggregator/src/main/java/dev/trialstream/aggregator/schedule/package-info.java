/** Sharing the worker fleet between searches by weight: the scheduler's rules, free of Kafka. */
package dev.trialstream.aggregator.schedule;
