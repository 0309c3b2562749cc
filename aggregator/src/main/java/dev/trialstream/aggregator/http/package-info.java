/** The aggregator's HTTP endpoint: leaderboards as JSON, liveness and readiness. */
package dev.trialstream.aggregator.http;
