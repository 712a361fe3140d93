package dev.pagila.client.answer;

import java.util.List;

/**
 * A projection's processing group as the query side's admin API reports it ({@code GET /admin/processors}, one
 * item; {@code GET /admin/processors/{group}}): its slowest segment's position, the head of the event stream, how far
 * behind it is, its segments and their owners, and its dead letters.
 */
public record ProcessorStatus(String name, long position, long head, long lagEvents, double lagSeconds, boolean replaying,
                              boolean caughtUp, List<SegmentStatus> segments, boolean runningHere, boolean errorHere,
                              int deadLetters) {

    public ProcessorStatus {
        segments = segments == null ? List.of() : segments;
    }
}
