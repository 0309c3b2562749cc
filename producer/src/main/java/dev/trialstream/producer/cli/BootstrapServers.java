package dev.trialstream.producer.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a {@code --bootstrap} list before any client sees it, so a typo is reported as bad input
 * naming the entry at fault rather than as Kafka's "Failed to construct kafka consumer".
 */
final class BootstrapServers {

    private BootstrapServers() {
    }

    /**
     * @return the list as given, trimmed
     * @throws IllegalArgumentException naming the bad entry; or, as Kafka itself requires, when no
     *                                  host of the list resolves
     */
    static String check(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("expected HOST:PORT[,HOST:PORT...], found nothing");
        }
        List<String> hosts = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                throw new IllegalArgumentException("empty entry in \"" + list + "\"; separate HOST:PORT entries by commas");
            }
            hosts.add(host(entry));
        }
        List<String> unresolved = new ArrayList<>();
        for (String host : hosts) {
            try {
                InetAddress.getByName(host);
                return list.trim();
            } catch (UnknownHostException e) {
                unresolved.add(host);
            }
        }
        throw new IllegalArgumentException("cannot resolve " + (unresolved.size() == 1 ? "host " : "any of the hosts ")
                + String.join(", ", unresolved));
    }

    /** The host of {@code HOST:PORT} or {@code [IPV6]:PORT}, once the port is checked. */
    private static String host(String entry) {
        if (entry.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("\"" + entry + "\" contains a space; separate HOST:PORT entries by commas");
        }
        int colon = entry.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("\"" + entry + "\" has no port; expected HOST:PORT, e.g. " + entry + ":9092");
        }
        String host = entry.substring(0, colon);
        String port = entry.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("\"" + entry + "\": write an IPv6 address in brackets, [ADDRESS]:PORT");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("\"" + entry + "\" has no host; expected HOST:PORT");
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 1 || number > 65_535) {
            throw new IllegalArgumentException("\"" + entry + "\": the port must be a number from 1 to 65535, found \""
                    + port + "\"");
        }
        return host;
    }
}
