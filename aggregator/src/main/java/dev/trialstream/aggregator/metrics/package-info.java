/** The aggregator's metrics binder: per-search progress and the aggregator's own throughput. */
package dev.trialstream.aggregator.metrics;
