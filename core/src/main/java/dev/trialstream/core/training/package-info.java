/** What a trainer is given and what it returns; implementations live in the worker module. */
package dev.trialstream.core.training;
