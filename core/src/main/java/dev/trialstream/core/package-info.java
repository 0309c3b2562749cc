/**
 * The domain only: specs, spaces, strategies, pruning, data and preprocessing, bundles, messages
 * and their JSON codec. No Kafka, no HTTP, no DL4J (CoreIsPureTest fails the build otherwise).
 */
package dev.trialstream.core;
