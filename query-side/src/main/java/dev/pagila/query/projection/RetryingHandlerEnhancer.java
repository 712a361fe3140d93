package dev.pagila.query.projection;

import dev.pagila.query.QuerySideProperties;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * Hands a failing event to a projection handler again, with a doubling back-off, before the failure reaches the
 * dead-letter queue. Projection writes are conditional on the event's position, so a retry after a partial
 * write applies the rest and repeats nothing. (Axon's interceptors run outside the dead-lettering invoker and
 * never see a handler's failure, hence a handler enhancer.)
 */
@Component
public class RetryingHandlerEnhancer implements HandlerEnhancerDefinition {

    private static final Logger log = LoggerFactory.getLogger(RetryingHandlerEnhancer.class);

    private final int attempts;
    private final Duration backoff;

    @Autowired
    public RetryingHandlerEnhancer(QuerySideProperties properties) {
        this(properties.projections().attempts(), properties.projections().backoff());
    }

    public RetryingHandlerEnhancer(int attempts, Duration backoff) {
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        boolean projectionHandler = original.annotationAttributes(EventHandler.class).isPresent()
                && original.declaringClass().getPackageName().startsWith("dev.pagila.query");
        return projectionHandler ? new Retrying<>(original) : original;
    }

    private final class Retrying<T> extends WrappedMessageHandlingMember<T> {

        private Retrying(MessageHandlingMember<T> delegate) {
            super(delegate);
        }

        @Override
        public Object handle(Message<?> message, T target) throws Exception {
            long wait = backoff.toMillis();
            for (int attempt = 1; ; attempt++) {
                try {
                    return super.handle(message, target);
                } catch (Exception e) {
                    if (attempt >= attempts) {
                        log.warn("{} failed {} times on {} {}; giving it to the dead-letter queue: {}",
                                target.getClass().getSimpleName(), attempts, message.getPayloadType().getSimpleName(),
                                message.getIdentifier(), e.toString());
                        throw e;
                    }
                    Thread.sleep(wait);
                    wait *= 2;
                }
            }
        }
    }
}
