/** The worker: consumes trials from Kafka and trains them. */
package dev.trialstream.worker;
