/** Per-search state and the rules that update it: plain classes, no Kafka. */
package dev.trialstream.aggregator.state;
