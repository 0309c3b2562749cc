/** The only package that imports DL4J/ND4J: k folds trained as one batched SameDiff graph. */
package dev.trialstream.worker.dl4j;
