/**
 * The only package that imports DL4J/ND4J: the k folds of a trial trained as one stacked network
 * ({@code LockstepMlp}: [k, in, out] weights, batched matmuls; not SameDiff, see its javadoc).
 */
package dev.trialstream.worker.dl4j;
