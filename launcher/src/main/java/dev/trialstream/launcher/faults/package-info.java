/** The fault suite: a broker, an aggregator and workers as real processes, killed and restarted, with recovery times. */
package dev.trialstream.launcher.faults;
