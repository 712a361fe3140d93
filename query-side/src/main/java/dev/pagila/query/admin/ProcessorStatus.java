package dev.pagila.query.admin;

import java.util.List;

/**
 * A processing group's progress through the event stream, across every query-side instance (read from the
 * token store). {@code position} is its slowest segment's; {@code lagSeconds} the age of the oldest event it has
 * not yet applied relative to the head.
 */
public record ProcessorStatus(String name, long position, long head, long lagEvents, double lagSeconds,
                              boolean replaying, boolean caughtUp, List<SegmentStatus> segments,
                              boolean runningHere, boolean errorHere, int deadLetters) {
}
