/** An in-process single-node KRaft Kafka broker for local mode and tests. */
package dev.trialstream.launcher.broker;
