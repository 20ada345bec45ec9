package io.gpufit.metrics;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.Optional;

/** One scrape of {@code /actuator/prometheus}, as Prometheus reads it (text format 0.0.4). */
public record Scrape(String text) {

    /** GETs {@code /actuator/prometheus} on {@code port}; it must answer 200. */
    public static Scrape of(int port) {
        return new Scrape(given().port(port)
                .accept("text/plain")
                .when()
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    /**
     * The value of the one sample named {@code name} whose labels include every {@code label="value"}
     * given (other labels, such as {@code application}, may be there too); 0 when there is none.
     *
     * @param labels {@code label=value} pairs
     */
    public double value(String name, String... labels) {
        return sample(name, labels).orElse(0.0);
    }

    /** Whether a sample of that name with those labels is there. */
    public boolean has(String name, String... labels) {
        return sample(name, labels).isPresent();
    }

    private Optional<Double> sample(String name, String... labels) {
        return text.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(pair -> {
                    String[] kv = pair.split("=", 2);
                    return line.contains(kv[0] + "=\"" + kv[1] + "\"");
                }))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce((a, b) -> {
                    throw new IllegalStateException(
                            "more than one sample of " + name + " matches " + Arrays.toString(labels));
                });
    }
}
