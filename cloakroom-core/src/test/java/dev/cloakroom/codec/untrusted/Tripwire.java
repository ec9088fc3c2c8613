package dev.cloakroom.codec.untrusted;

import java.util.concurrent.atomic.AtomicBoolean;

/** A class outside every trusted package, which notes when the JVM initialises it. */
public final class Tripwire {
    public static final AtomicBoolean INITIALISED = TripwireFlag.FLAG;

    static {
        TripwireFlag.FLAG.set(true);
    }

    public String value = "x";
}
