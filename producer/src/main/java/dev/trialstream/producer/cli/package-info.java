/**
 * The producer CLI users submit with (submit, status, leaderboard, watch, cancel, export) and the
 * option mixins every trialstream command shares (broker, timeouts, spec overrides, training, output).
 */
package dev.trialstream.producer.cli;
