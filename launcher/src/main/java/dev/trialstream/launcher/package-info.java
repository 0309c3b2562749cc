/** The single trialstream entry point: wires the commands of every module into one CLI. */
package dev.trialstream.launcher;
