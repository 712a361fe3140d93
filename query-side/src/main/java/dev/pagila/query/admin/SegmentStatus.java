package dev.pagila.query.admin;

/** One segment of a processor: who holds its claim, where its token is, whether it is replaying. */
public record SegmentStatus(int segment, String owner, long position, boolean replaying) {
}
