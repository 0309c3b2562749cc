package dev.trialstream.aggregator.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * The page's files, read from the jar: its HTML shell, script and style, and Apache ECharts from
 * the {@code org.webjars.npm:echarts} jar (the machines running the aggregator may have no internet).
 */
final class PageAssets {

    static final String ECHARTS = "echarts.min.js";
    static final String SCRIPT = "search.js";
    static final String STYLE = "search.css";
    static final String SHELL = "page.html";

    private static final String OWN = "/dev/trialstream/aggregator/page/";
    private static final String WEBJAR_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";

    /** Content types of the files {@link #read} serves. */
    static final Map<String, String> TYPES = Map.of(
            ECHARTS, "text/javascript; charset=utf-8",
            SCRIPT, "text/javascript; charset=utf-8",
            STYLE, "text/css; charset=utf-8");

    private PageAssets() {
    }

    /** One of {@link #ECHARTS}, {@link #SCRIPT}, {@link #STYLE}, {@link #SHELL}. */
    static String read(String name) {
        String path = ECHARTS.equals(name) ? echartsPath() : OWN + name;
        try (InputStream in = PageAssets.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the page asset " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page asset " + path, e);
        }
    }

    /** The webjar's own pom.properties says its version, so the version is pinned in the pom only. */
    private static String echartsPath() {
        Properties pom = new Properties();
        try (InputStream in = PageAssets.class.getResourceAsStream(WEBJAR_POM)) {
            if (in == null) {
                throw new IllegalStateException("the ECharts webjar is missing from the classpath (" + WEBJAR_POM + ")");
            }
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + WEBJAR_POM, e);
        }
        return "/META-INF/resources/webjars/echarts/" + pom.getProperty("version") + "/dist/echarts.min.js";
    }
}
