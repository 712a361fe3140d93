package dev.pagila.client.answer;

/** One segment of a processor: the instance holding its claim ({@code owner}, null while unclaimed) and its token. */
public record SegmentStatus(int segment, String owner, long position, boolean replaying) {
}
