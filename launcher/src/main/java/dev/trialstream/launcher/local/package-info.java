/** Local mode: the whole pipeline (broker, aggregator, workers, submit) in one JVM. */
package dev.trialstream.launcher.local;
