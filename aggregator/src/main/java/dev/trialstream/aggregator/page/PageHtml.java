package dev.trialstream.aggregator.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The page's HTML: served (the script fetches its data from {@code /api/searches/ID} and polls
 * until the search is done) or as a report, one self-contained file with the data, the script,
 * the style and ECharts inlined. User strings never enter the HTML here: the script puts them in
 * the DOM as text.
 */
public final class PageHtml {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PageHtml() {
    }

    /** The live page (search list or one search: the script reads the path). */
    static String served() {
        return PageAssets.read(PageAssets.SHELL).replace("<!--HEAD-->",
                "<link rel=\"stylesheet\" href=\"/assets/" + PageAssets.STYLE + "\">\n"
                        + "<script src=\"/assets/" + PageAssets.ECHARTS + "\"></script>\n"
                        + "<script src=\"/assets/" + PageAssets.SCRIPT + "\" defer></script>");
    }

    /** One file that shows {@code page} (a {@link SearchPageData} document) without any server. */
    public static String report(JsonNode page) {
        String data;
        try {
            // In a script element only "</script" could end the data early; escaping every '<'
            // (and '>', '&') as a JSON \\u escape keeps the JSON equal and the HTML inert.
            data = JSON.writeValueAsString(page).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report's data", e);
        }
        return PageAssets.read(PageAssets.SHELL).replace("<!--HEAD-->",
                "<style>\n" + PageAssets.read(PageAssets.STYLE) + "\n</style>\n"
                        + "<script>\n" + inert(PageAssets.read(PageAssets.ECHARTS)) + "\n</script>\n"
                        + "<script type=\"application/json\" id=\"report-data\">" + data + "</script>\n"
                        + "<script>\n" + inert(PageAssets.read(PageAssets.SCRIPT)) + "\n</script>");
    }

    /** Script text that cannot close its own element early. */
    private static String inert(String script) {
        return script.replace("</script", "<\\/script");
    }
}
