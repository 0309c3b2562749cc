/** The model bundle a search produces: the engine's model file plus everything needed to use it. */
package dev.trialstream.core.bundle;
