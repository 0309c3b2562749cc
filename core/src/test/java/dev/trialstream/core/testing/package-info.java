/** Shared test fixtures (tiny seeded synthetic data), published to other modules in core's test-jar. */
package dev.trialstream.core.testing;
