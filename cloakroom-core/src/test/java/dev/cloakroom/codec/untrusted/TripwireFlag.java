package dev.cloakroom.codec.untrusted;

import java.util.concurrent.atomic.AtomicBoolean;

/** Holds {@link Tripwire}'s flag, so that reading the flag does not itself initialise Tripwire. */
public final class TripwireFlag {
    public static final AtomicBoolean FLAG = new AtomicBoolean();
    /** Set by {@link NeverLoaded}'s initialiser. */
    public static final AtomicBoolean NEVER_LOADED_INITIALISED = new AtomicBoolean();
    /** Set by {@link EvilSubclass}'s initialiser. */
    public static final AtomicBoolean EVIL_SUBCLASS_INITIALISED = new AtomicBoolean();
    /** Set by {@link EvilEnum}'s initialiser. */
    public static final AtomicBoolean EVIL_ENUM_INITIALISED = new AtomicBoolean();

    private TripwireFlag() {
    }
}
