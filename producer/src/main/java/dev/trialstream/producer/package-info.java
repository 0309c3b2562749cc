/** The client side of a search: the CLI commands that talk to Kafka as a client. */
package dev.trialstream.producer;
