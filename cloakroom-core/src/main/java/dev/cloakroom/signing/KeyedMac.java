package dev.cloakroom.signing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;

/**
 * An HMAC under one fixed key. A {@link Mac} is not thread-safe, and {@code Mac.getInstance} plus {@code init}
 * per signature costs a provider look-up and the two padded-key digests every time; so one instance is keyed
 * once, never used, and each call works on a {@code clone()} of it, which copies the keyed state. Cloning reads
 * the prototype only, so concurrent calls are safe. A provider whose Mac cannot be cloned gets the old way.
 *
 * <p>No thread-local: with virtual threads that would key one Mac per virtual thread.
 */
final class KeyedMac {
    private final SecretKeySpec key;
    /** Keyed and never updated; null when the provider's Mac does not support cloning. */
    private final Mac prototype;

    KeyedMac(SecretKeySpec key) {
        this.key = key;
        Mac keyed = fresh();
        Mac prototype;
        try {
            keyed.clone();
            prototype = keyed;
        } catch (CloneNotSupportedException e) {
            prototype = null;
        }
        this.prototype = prototype;
    }

    /** Whether calls clone the keyed prototype; for tests. */
    boolean clones() {
        return prototype != null;
    }

    /** A Mac keyed with this key, ready for {@code update} and {@code doFinal}, for the caller alone. */
    Mac mac() {
        if (prototype != null) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // the constructor's clone succeeded, so this does not happen; fall through to be safe
            }
        }
        return fresh();
    }

    /** {@code HMAC(key, data)}. */
    byte[] mac(byte[] data) {
        return mac().doFinal(data);
    }

    private Mac fresh() {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(key.getAlgorithm() + " is required by every Java platform", e);
        }
    }
}
