package dev.cloakroom.codec;

import dev.cloakroom.signing.Signing;

import java.time.Duration;

/**
 * Django's {@code signing.dumps(value)} and {@code signing.loads(signed)} for any JSON value (a string, number,
 * list, map...), with Django's JSON serializer and no compression: {@code signing.dumps("hello")} is
 * {@code SignedJson.dumps(new Signing(keys, Signing.DEFAULT_SALT, clock), "hello")}. Signing itself works on
 * bytes; serializing is the codec's part.
 *
 * @hidden internal, see the package description
 */
public final class SignedJson {
    private SignedJson() {
    }

    /** The signed JSON of {@code value}. */
    public static String dumps(Signing signing, Object value) {
        return signing.dumps(DjangoJsonSerializer.dumpsValue(value), false);
    }

    /** The value of signed JSON; {@code maxAge} may be null for no age limit. */
    public static Object loads(Signing signing, String signed, Duration maxAge) {
        return DjangoJsonSerializer.loadsValue(signing.loads(signed, maxAge));
    }
}
