/** Rules about what the core module may depend on, checked by tests. */
package dev.trialstream.core.architecture;
