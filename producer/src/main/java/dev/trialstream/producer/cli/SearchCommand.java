package dev.trialstream.producer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** A command about one search: its SEARCH_ID argument, the broker it reads, and where it prints. */
public abstract class SearchCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec command;

    @Parameters(index = "0", paramLabel = "SEARCH_ID", description = "the id submit printed, e.g. s-1a2b3c4d")
    private String searchId;

    @Mixin
    protected BrokerOptions kafka = new BrokerOptions();

    protected String searchId() {
        return searchId;
    }
}
