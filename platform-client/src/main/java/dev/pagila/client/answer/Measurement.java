package dev.pagila.client.answer;

/** One statistic of a {@link Metric}: {@code COUNT}, {@code TOTAL}, {@code VALUE}, ... */
public record Measurement(String statistic, double value) {
}
