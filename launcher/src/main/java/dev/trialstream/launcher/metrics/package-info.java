/** One Prometheus registry per process, with JVM metrics, served with the health probes. */
package dev.trialstream.launcher.metrics;
