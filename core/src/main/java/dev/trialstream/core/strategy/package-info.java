/** Search strategies: which configurations to train, each with its own seed derived from the search seed. */
package dev.trialstream.core.strategy;
