/** The search page: what a person tuning a model looks at (history, curves, parameters, importance), live or as one file. */
package dev.trialstream.aggregator.page;
