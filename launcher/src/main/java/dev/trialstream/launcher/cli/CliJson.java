package dev.trialstream.launcher.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The mapper every {@code --json} output goes through. JSON has no NaN or infinity, and Jackson's
 * default writes them as the strings "NaN" and "Infinity", which a reader then takes for text;
 * here a non-finite number is written as {@code null} (a diverged fold, a score never measured).
 */
final class CliJson {

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .addDecorator((factory, generator) -> new FiniteNumbers(generator)).build()).build();

    private CliJson() {
    }

    private static final class FiniteNumbers extends JsonGeneratorDelegate {

        FiniteNumbers(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(double value) throws IOException {
            if (Double.isFinite(value)) {
                super.writeNumber(value);
            } else {
                writeNull();
            }
        }

        @Override
        public void writeNumber(float value) throws IOException {
            if (Float.isFinite(value)) {
                super.writeNumber(value);
            } else {
                writeNull();
            }
        }
    }
}
