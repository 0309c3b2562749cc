package dev.trialstream.worker.kafka;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/** A real client or meter with a fault test's hand on some of its calls. */
final class Intercepted {

    /** Sees each call first: throws, or answers true to take the call over (it then returns null). */
    @FunctionalInterface
    interface Hand {
        boolean takes(String method, Object[] args) throws Throwable;
    }

    private Intercepted() {
    }

    /** {@code real} behind {@code hand}: every call {@code hand} does not take goes on to {@code real}. */
    @SuppressWarnings("unchecked")
    static <T> T by(Class<T> type, T real, Hand hand) {
        return (T) Proxy.newProxyInstance(Intercepted.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (hand.takes(method.getName(), args)) {
                        return null;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
