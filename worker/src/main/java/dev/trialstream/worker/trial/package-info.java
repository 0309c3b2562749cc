/**
 * What a slot does with one trial, with no Kafka in it: fetch the dataset (cached), run the
 * cross-validation or final fit off the poll thread, report progress, honour stop signals, and
 * hand back an outcome for the slot to commit.
 */
package dev.trialstream.worker.trial;
