package dev.cloakroom.codec.untrusted;

import dev.cloakroom.codec.typed.ShopTypes;

/** A subclass of a trusted field type, outside every trusted package: named by forged data only. */
public class EvilSubclass extends ShopTypes.Holder.Base {
    static {
        TripwireFlag.EVIL_SUBCLASS_INITIALISED.set(true);
    }

    public EvilSubclass() {
        TripwireFlag.EVIL_SUBCLASS_INITIALISED.set(true);
    }
}
