/** An in-process single-node KRaft broker for local mode and pipeline tests. */
package dev.trialstream.broker;
