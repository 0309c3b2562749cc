/** Wording shared by every user-facing message: counts with their nouns. */
package dev.trialstream.core.text;
