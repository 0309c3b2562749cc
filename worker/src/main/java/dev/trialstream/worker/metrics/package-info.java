/** The worker's metrics binder. */
package dev.trialstream.worker.metrics;
