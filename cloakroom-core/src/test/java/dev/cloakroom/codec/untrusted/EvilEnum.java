package dev.cloakroom.codec.untrusted;

/** An enum outside every trusted package, named by forged data only as a generic type parameter. */
public enum EvilEnum {
    A;

    static {
        TripwireFlag.EVIL_ENUM_INITIALISED.set(true);
    }
}
