package dev.pagila.query.admin;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcDeadLetter;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The dead-letter queues of the processing groups, as operators see them: list, retry, evict. */
@Service
public class DeadLetters {

    private final EventProcessingConfiguration processing;

    public DeadLetters(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public int count(String group) {
        return processing.deadLetterQueue(group).map(queue -> (int) queue.size()).orElse(0);
    }

    public List<DeadLetterView> list(String group) {
        List<DeadLetterView> letters = new ArrayList<>();
        processing.deadLetterQueue(group).ifPresent(queue -> {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    letters.add(view(group, letter));
                }
            }
        });
        return letters;
    }

    /**
     * Hands every parked sequence to the projection again, oldest letter first; a sequence that fails again stays
     * parked (its letters touched, the cause updated).
     *
     * @return how many sequences were processed successfully
     */
    public int retry(String group) {
        var processor = processing.sequencedDeadLetterProcessor(group).orElse(null);
        if (processor == null) {
            return 0;
        }
        long sequences = processing.deadLetterQueue(group).map(SequencedDeadLetterQueue::amountOfSequences).orElse(0L);
        int succeeded = 0;
        for (long attempt = 0; attempt < sequences; attempt++) {
            if (processor.processAny()) {
                succeeded++;
            }
        }
        return succeeded;
    }

    /** Drops one dead letter for good. @return whether it was there */
    public boolean evict(String group, String id) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = processing.deadLetterQueue(group);
        if (queue.isEmpty()) {
            return false;
        }
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.get().deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                if (letter instanceof JdbcDeadLetter<?> stored && stored.getIdentifier().equals(id)) {
                    queue.get().evict(letter);
                    return true;
                }
            }
        }
        return false;
    }

    private static DeadLetterView view(String group, DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        String id = letter instanceof JdbcDeadLetter<?> stored ? stored.getIdentifier() : event.getIdentifier();
        String sequence = letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIdentifier() : null;
        long index = letter instanceof JdbcDeadLetter<?> stored ? stored.getSequenceIndex() : 0;
        return new DeadLetterView(id, group, sequence, index, event.getIdentifier(), event.getPayloadType().getSimpleName(),
                event.getTimestamp(), letter.cause().map(cause -> cause.type()).orElse(null),
                letter.cause().map(cause -> cause.message()).orElse(null), letter.enqueuedAt(), letter.lastTouched());
    }
}
