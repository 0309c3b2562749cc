/** Ensembles of the trials a search already trained, chosen on their out-of-fold predictions. */
package dev.trialstream.core.ensemble;
