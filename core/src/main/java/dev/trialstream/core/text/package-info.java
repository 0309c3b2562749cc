/** Wording shared by every user-facing message: counts with their nouns, an ensemble's weighted trials. */
package dev.trialstream.core.text;
