/** Engine-neutral training services shared by the CLI and the Kafka worker: CV runs, final fits, prediction. */
package dev.trialstream.worker.training;
