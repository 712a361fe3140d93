package dev.pagila.query.support;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A client of the real DynamoDB Local that runs a hook before each {@code TransactWriteItems} call: a stand-in for
 * a process that stalls or dies between two of its writes. Every call still reaches the real server.
 */
public final class InterceptedDynamoDb {

    /** Runs before the {@code call}-th transaction (counted from 1); may block, or throw to stand for a crash. */
    @FunctionalInterface
    public interface BeforeTransaction {

        void before(int call) throws Exception;
    }

    private InterceptedDynamoDb() {
    }

    public static DynamoDbClient wrap(DynamoDbClient real, BeforeTransaction hook) {
        int[] calls = {0};
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(), new Class<?>[] {DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("transactWriteItems")) {
                        int call;
                        synchronized (calls) {
                            call = ++calls[0];
                        }
                        hook.before(call);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
