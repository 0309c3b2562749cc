/** Tabular datasets: CSV parsing with precise errors, built-in datasets, train/test splits. */
package dev.trialstream.core.data;
