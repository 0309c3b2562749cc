/** Which hyperparameters matter to a search's objective: PED-ANOVA over its trials, plain Java. */
package dev.trialstream.core.importance;
