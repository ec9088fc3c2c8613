package dev.cloakroom.signing;

import dev.cloakroom.ImproperlyConfiguredException;

import java.util.ArrayList;
import java.util.List;

/**
 * SECRET_KEY and SECRET_KEY_FALLBACKS: the current key signs and verifies; the fallbacks only verify, so
 * a key can be rotated without logging everyone out (Django 4.1+ semantics).
 */
public final class SecretKeys {
    private final String current;
    private final List<String> fallbacks;

    /**
     * @throws ImproperlyConfiguredException when the current key is missing or empty, as Django refuses to
     *                                       sign with an empty SECRET_KEY
     */
    public SecretKeys(String current, List<String> fallbacks) {
        if (current == null || current.isEmpty()) {
            throw new ImproperlyConfiguredException("SECRET_KEY", "must not be empty");
        }
        if (fallbacks == null) {
            fallbacks = List.of();
        }
        for (String fallback : fallbacks) {
            if (fallback == null) {
                throw new ImproperlyConfiguredException("SECRET_KEY_FALLBACKS", "must not contain null");
            }
        }
        this.current = current;
        this.fallbacks = List.copyOf(fallbacks);
    }

    /** Only a current key, no fallbacks. */
    public SecretKeys(String current) {
        this(current, List.of());
    }

    /** The key new signatures are made with. */
    public String current() {
        return current;
    }

    /** Keys still accepted when verifying, never used to sign. */
    public List<String> fallbacks() {
        return fallbacks;
    }

    /** The current key followed by the fallbacks: the order in which a signature is checked. */
    public List<String> verificationOrder() {
        List<String> all = new ArrayList<>(fallbacks.size() + 1);
        all.add(current);
        all.addAll(fallbacks);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        // Never print key material.
        return "SecretKeys[current=<hidden>, fallbacks=" + fallbacks.size() + "]";
    }
}
