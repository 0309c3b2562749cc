/** The search page in a real browser (headless Chromium), over a real search on the embedded broker. */
package dev.trialstream.launcher.page;
