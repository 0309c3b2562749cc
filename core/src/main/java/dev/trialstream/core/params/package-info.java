/** The hyperparameters of one trial, as plain values a trainer can build a network from. */
package dev.trialstream.core.params;
