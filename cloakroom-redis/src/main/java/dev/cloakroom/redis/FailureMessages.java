package dev.cloakroom.redis;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** What a Lettuce failure says, for the messages of the backend's own exceptions. */
final class FailureMessages {
    private FailureMessages() {
    }

    /**
     * The first message along {@code failure}'s causes (and their suppressed failures): Lettuce's outer
     * exceptions often have none, and "null" told an operator nothing.
     */
    static String of(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable next = pending.poll();
            if (!seen.add(next)) {
                continue;
            }
            String message = next.getMessage();
            if (message != null && !message.isBlank()) {
                return message;
            }
            if (next.getCause() != null) {
                pending.add(next.getCause());
            }
            pending.addAll(Arrays.asList(next.getSuppressed()));
        }
        return failure.getClass().getSimpleName() + " (no message)";
    }
}
