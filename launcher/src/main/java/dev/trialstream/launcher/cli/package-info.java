/**
 * The commands the launcher adds to the producer's: offline ones (validate, train, predict), the
 * long-running processes (worker, aggregator), local mode's command, and topics.
 */
package dev.trialstream.launcher.cli;
