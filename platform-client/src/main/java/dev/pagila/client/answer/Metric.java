package dev.pagila.client.answer;

import java.util.List;

/** One of an app's metrics ({@code GET /actuator/metrics/{name}}). */
public record Metric(String name, String baseUnit, List<Measurement> measurements) {

    public Metric {
        measurements = measurements == null ? List.of() : measurements;
    }

    /** The first measurement's value (a counter's count, a gauge's value), NaN without one. */
    public double value() {
        return measurements.isEmpty() ? Double.NaN : measurements.get(0).value();
    }
}
