/** Commands that need no Kafka: validate, train, predict. */
package dev.trialstream.launcher.cli;
