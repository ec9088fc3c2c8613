package dev.cloakroom.codec.untrusted;

/** Outside every trusted package, and referred to by tests only by name: it must never be initialised. */
public final class NeverLoaded {
    static {
        TripwireFlag.NEVER_LOADED_INITIALISED.set(true);
    }

    public String value;
}
