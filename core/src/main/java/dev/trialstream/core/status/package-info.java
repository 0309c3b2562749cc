/** The states a trial and a search pass through, each with the one wire name every module uses. */
package dev.trialstream.core.status;
