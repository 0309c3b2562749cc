/** Benchmarks that need the whole pipeline; run through bench/*.sh, never as tests. */
package dev.trialstream.launcher.bench;
