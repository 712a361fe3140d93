package dev.pagila.client.answer;

/** A replay the query side has started ({@code POST /admin/processors/{group}/replay}, 202): from where, as text. */
public record ReplayStarted(String group, String replayingFrom) {
}
