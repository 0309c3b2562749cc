/** The aggregator: per-search state, leaderboards, pruning and the final-fit request. */
package dev.trialstream.aggregator;
