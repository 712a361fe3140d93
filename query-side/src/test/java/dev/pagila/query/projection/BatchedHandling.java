package dev.pagila.query.projection;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;

import java.util.List;

/**
 * Hands a batch of events to a projection the way Axon's processors do: one {@link BatchingUnitOfWork}, every
 * handler call inside it, one commit at the end (where the projection writes): the projection tests' way of
 * delivering, redelivering and failing a batch without a processor.
 */
public final class BatchedHandling {

    private BatchedHandling() {
    }

    /** @throws Exception the first failure of a handler or of the batch's write; nothing of the batch is then kept */
    public static void handle(EventMessageHandler handler, List<? extends EventMessage<?>> events) throws Exception {
        if (events.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(events));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> event = unitOfWork.getMessage();
            if (handler.canHandle(event)) {
                handler.handle(event);
            }
            return null;
        });
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof Exception exception ? exception : new IllegalStateException(failure);
        }
    }
}
