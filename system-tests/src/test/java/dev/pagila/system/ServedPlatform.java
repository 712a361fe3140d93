package dev.pagila.system;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.UnaryOperator;

/**
 * Hands a test class's constructor the platform most system tests share: one started at the first class that asks,
 * on Pagila's first rentals ({@link PlatformDriver#FIRST_RENTALS_ONLY}), and stopped when the run ends. Starting a
 * platform costs more than most tests on it, so the classes share one; each test sets up the data it reads and leaves
 * the platform serving (a test that stops a part of it starts it again), so that no test depends on another's order.
 */
final class ServedPlatform implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServedPlatform.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PlatformDriver.class;
    }

    @Override
    public PlatformDriver resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(PlatformDriver.class, key -> new Running(), Running.class).driver;
    }

    /** Closed by JUnit with the root context, once every class of the run is done. */
    private static final class Running implements ExtensionContext.Store.CloseableResource {

        private final PlatformDriver driver;

        Running() {
            try {
                driver = PlatformDriver.start(PlatformDriver.FIRST_RENTALS_ONLY, UnaryOperator.identity());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            driver.close();
        }
    }
}
