package dev.cloakroom.testsupport;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire vectors of reference section 3.5, produced by Django 3.2.25 (and byte-identical on main) with
 * {@code SECRET_KEY = SECRET}, {@code time.time() = 1700000000.0}, JSON serializer, SHA-256.
 */
public final class DjangoVectors {
    public static final String SECRET = "django-insecure-wire-compat-test-key-0123456789";
    public static final long NOW = 1_700_000_000L;

    /** Hex of SHA256(UTF8(salt + "signer") + UTF8(SECRET)) for the db/file salt. */
    public static final String DB_HMAC_KEY = "fd456302b80b4ebb8d360ded6cbf1b67c7000db9956aa7fa28056f7f3371c2c9";
    /** The same for the signed-cookies salt. */
    public static final String COOKIE_HMAC_KEY = "f1181d3b9c0026af53cb14dfa5f4b65dfb2b9eaea338eef606e03c1a127870ac";

    public static final String D1 = "eyJmb28iOiJiYXIifQ:1r31eq:0Q7hJrPELYmSEHGx9VZ_9qKDreGSiA2z4jeGZxBqz9I";
    public static final String D2 = ".eJxVjE0OgjAYRO_StWlaCqV16Z4zNN9fBTUlobAy3l1IWOhuMu_NvFWCbR3TVmVJE6ursury2yHQU8oB-AHlPmuay7pMqA9Fn7TqYWZ53U7372CEOu7rkB15tNmIyS0YiGS5EbfnDj31HCRmAxYbctxKlz30GCiyEZsbcKg-Xw-FOT4:1r31eq:Y-3TLkxHXT9r-xuFZQmOMPoLm6-31edzGP9EOZpeeaM";
    public static final String D3 = "eyJuYW1lIjoiWm9cdTAwZWIgXHUyNjAzIiwibiI6MywiZiI6MS41LCJsIjpbMSwyLG51bGxdLCJiIjp0cnVlLCJfc2Vzc2lvbl9leHBpcnkiOjB9:1r31eq:3XHhx_0TE4qs0qRS_tp_bdJuzu-tMPSgtPCgUa0OnOE";
    public static final String C1 = "eyJmb28iOiJiYXIifQ:1r31eq:prsl9RUV8DZzE7r2ciUdA4EPs-QuXhNgGoZaN1QFKbo";
    public static final String C2 = ".eJxVjE0OgjAYRO_StWlaCqV16Z4zNN9fBTUlobAy3l1IWOhuMu_NvFWCbR3TVmVJE6ursury2yHQU8oB-AHlPmuay7pMqA9Fn7TqYWZ53U7372CEOu7rkB15tNmIyS0YiGS5EbfnDj31HCRmAxYbctxKlz30GCiyEZsbcKg-Xw-FOT4:1r31eq:QJHcqXWIdir7Q6kIwx7I2rQbMdtMo6L0PorjHqpJNOE";
    public static final String C3 = "eyJjYXJ0IjpbMSwyLDNdLCJ1c2VyIjoiYWxpY2UifQ:1r31eq:7VTcrtqyQ2AjA1VoEAXxwb2WkrpO8O-SEK1STWLjzWY";
    public static final String C4 = "e30:1r31eq:nopO3P1O1DZxh35BbYUC4KkyZjN2xaQPJ39qpAdlZU0";
    public static final String C5 = "eyJoZWxsbyI6IndvcmxkIn0:1r31eq:FB08kpkRsgxQ-Jx3UM6PneGF4PNAg72AtqZYTlH_ewE";
    /** {@code signing.dumps("hello")}, salt {@code django.core.signing}. */
    public static final String G1 = "ImhlbGxvIg:1r31eq:G4d4m6yXG4sLWN2f_OyXRBlq17X9AtpQpWWugTgFO2c";

    /*
     * Legacy vectors (reference section 3.5, second table): Django 3.2.25 with DEFAULT_HASHING_ALGORITHM = 'sha1',
     * same SECRET and time. Django 3.2 reads them in its default configuration; Django 4.0 and later do not.
     */
    /** Pre-3.1 {@code base64(hash:json)} db/file data of {@link #fooBar()}. */
    public static final String L1 = "NTMwYTVlM2JlMjU2N2EwYTI5NDA0MTM5ZDZkODUxYTY5ZGUzYThkZjp7ImZvbyI6ImJhciJ9";
    /** The same format for {@link #authSession()}. */
    public static final String L2 = "NGI3OTcyOWEzNjE1ODhiYWI0Y2JmNzA2OGZhMWUyM2FhNTE2M2ZjNjp7Il9hdXRoX3VzZXJfaWQiOiIxIiwiX2F1dGhfdXNlcl9iYWNrZW5kIjoiZGphbmdvLmNvbnRyaWIuYXV0aC5iYWNrZW5kcy5Nb2RlbEJhY2tlbmQiLCJfYXV0aF91c2VyX2hhc2giOiI4ZjNjNmIxZjBlMGY0YTBhOWMxZDJlM2Y0YTViNmM3ZDhlOWYwYTFiMmMzZDRlNWY2YTdiOGM5ZDBlMWYyYTNiIn0=";
    /** Django 3.2's own {@code test_decode_legacy} vector, under {@link #L3_SECRET}: {"a test key": "a test value"}. */
    public static final String L3 = "OWUzNTNmNWQxNTBjOWExZmM4MmQ3NzNhMDRmMjU4NmYwNDUyNGI2NDp7ImEgdGVzdCBrZXkiOiJhIHRlc3QgdmFsdWUifQ==";
    public static final String L3_SECRET = "django_tests_secret_key";
    /** A signed-cookie session of {@link #fooBar()} with a SHA-1 signature. */
    public static final String S1 = "eyJmb28iOiJiYXIifQ:1r31eq:kTBMVfb2CjVuCjWmVHTZhhcI6C8";
    /** A signed-cookie session of {@link #cart()} with a SHA-1 signature. */
    public static final String S2 = "eyJjYXJ0IjpbMSwyLDNdLCJ1c2VyIjoiYWxpY2UifQ:1r31eq:5GfaWK81OBuAzUflmYpXFeRQ0-M";
    /** {@code signing.dumps("hello")} with a SHA-1 signature, salt {@code django.core.signing}. */
    public static final String S3 = "ImhlbGxvIg:1r31eq:dMs0YYOxHHr-cU-muFoEXjGDW1Q";

    private DjangoVectors() {
    }

    /** {@code {"foo": "bar"}} (D1, C1). */
    public static Map<String, Object> fooBar() {
        return map("foo", "bar");
    }

    /** The logged-in user's session of D2 and C2, which compresses. */
    public static Map<String, Object> authSession() {
        return map("_auth_user_id", "1",
                "_auth_user_backend", "django.contrib.auth.backends.ModelBackend",
                "_auth_user_hash", "8f3c6b1f0e0f4a0a9c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b");
    }

    /** D3: non-ASCII text, an int, a float, a list with None, a bool and an expiry, in this order. */
    public static Map<String, Object> mixedTypes() {
        return map("name", "Zoë ☃", "n", 3L, "f", 1.5, "l", Arrays.asList(1L, 2L, null), "b", true,
                "_session_expiry", 0L);
    }

    /** C3. */
    public static Map<String, Object> cart() {
        return map("cart", List.of(1L, 2L, 3L), "user", "alice");
    }

    /** C5. */
    public static Map<String, Object> hello() {
        return map("hello", "world");
    }

    /** An insertion-ordered, mutable map of alternating keys and values. */
    public static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
