/** Parameter domains and the search space they form: what a strategy may sample or enumerate. */
package dev.trialstream.core.space;
