/** The thin Kafka Streams layer around the tracker: topology, state serde, the app's lifecycle. */
package dev.trialstream.aggregator.streams;
