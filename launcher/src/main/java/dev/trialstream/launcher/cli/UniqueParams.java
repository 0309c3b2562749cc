package dev.trialstream.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Collects a repeatable {@code NAME=VALUE} option into its map, refusing a name given twice:
 * picocli's own map options keep the last value, so "--param neurons=16 --param neurons=32" would
 * silently train with 32.
 */
public final class UniqueParams implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        String option = argSpec instanceof OptionSpec o ? o.longestName() : argSpec.paramLabel();
        if (args.isEmpty()) {
            throw new ParameterException(commandSpec.commandLine(), "Missing required parameter for option '"
                    + option + "' (" + argSpec.paramLabel() + ")", argSpec, null);
        }
        String arg = args.pop();
        int equals = arg.indexOf('=');
        if (equals <= 0) {
            // picocli's own words for a map option's value without "=", as before.
            throw new ParameterException(commandSpec.commandLine(), "Value for option '" + option + "' ("
                    + argSpec.paramLabel() + ") should be in KEY=VALUE format but was " + arg, argSpec, arg);
        }
        String name = arg.substring(0, equals);
        String value = arg.substring(equals + 1);
        Map<String, String> values = argSpec.getValue();
        if (values == null) {
            values = new LinkedHashMap<>();
            argSpec.setValue(values);
        }
        String earlier = values.get(name);
        if (earlier != null) {
            throw new ParameterException(commandSpec.commandLine(), option + " " + name + " given twice (" + earlier
                    + ", then " + value + ")", argSpec, arg);
        }
        values.put(name, value);
    }
}
