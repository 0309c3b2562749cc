/** The search specification: its YAML form, validation that reports every problem at once, and overrides. */
package dev.trialstream.core.spec;
