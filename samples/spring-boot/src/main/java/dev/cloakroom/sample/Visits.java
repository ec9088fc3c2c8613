package dev.cloakroom.sample;

import java.time.Instant;

/** How often this session has seen the visits page, and when it first did. */
public record Visits(int count, Instant first) {
    static Visits first(Instant now) {
        return new Visits(1, now);
    }

    Visits next() {
        return new Visits(count + 1, first);
    }
}
