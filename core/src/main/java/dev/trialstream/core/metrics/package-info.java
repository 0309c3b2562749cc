/** Regression metrics in the target's own units. */
package dev.trialstream.core.metrics;
