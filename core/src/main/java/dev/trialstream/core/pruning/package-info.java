/** Early-stopping policies across trials, on the mean CV MSE curve: plain classes, no Kafka. */
package dev.trialstream.core.pruning;
