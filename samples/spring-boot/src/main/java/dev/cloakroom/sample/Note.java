package dev.cloakroom.sample;

import java.time.Instant;

/** A note the signed-in user keeps in the session. */
public record Note(String text, Instant written) {
}
