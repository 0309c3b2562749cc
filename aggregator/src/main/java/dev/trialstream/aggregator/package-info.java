/** The aggregator: per-search state, leaderboards, pruning, ensemble selection, the final-fit request and the search page. */
package dev.trialstream.aggregator;
