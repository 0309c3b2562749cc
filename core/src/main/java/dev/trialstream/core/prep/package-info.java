/** Preprocessing fitted on training rows only, k-fold plans, and the matrices handed to trainers. */
package dev.trialstream.core.prep;
