/** The small HTTP endpoint every process serves: /metrics, /health/live, /health/ready. */
package dev.trialstream.http;
