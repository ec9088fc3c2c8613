package dev.cloakroom.bench.jmh;

import dev.cloakroom.signing.Signer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The codec baseline: the least work Django's session format needs, written straight on the JDK and Jackson with
 * nothing of Cloakroom's in the path. Jackson, zlib when it saves more than a byte, URL-safe Base64, a Base62-ish
 * timestamp and HMAC-SHA256 with a key derived once; decoding checks the signature in constant time, then
 * undoes the rest. Not Django-compatible byte for byte where it does not matter for cost (the timestamp's
 * alphabet), and not thread-safe: one per benchmark thread.
 */
final class RawSignedJson {
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Mac mac;
    private final Deflater deflater = new Deflater();
    private final Inflater inflater = new Inflater();
    private final byte[] buffer = new byte[64 * 1024];

    RawSignedJson(String secret, String salt) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Signer.deriveKey(salt, secret), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String encode(Map<String, Object> data, long epochSecond) {
        byte[] serialized = json.writeValueAsBytes(data);
        byte[] deflated = deflate(serialized);
        String payload = deflated.length < serialized.length - 1
                ? "." + BASE64.encodeToString(deflated) : BASE64.encodeToString(serialized);
        String value = payload + ':' + Long.toString(epochSecond, 36);
        return value + ':' + BASE64.encodeToString(mac.doFinal(value.getBytes(StandardCharsets.US_ASCII)));
    }

    Map<String, Object> decode(String signed) {
        int lastColon = signed.lastIndexOf(':');
        String value = signed.substring(0, lastColon);
        byte[] expected = mac.doFinal(value.getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(expected, UNBASE64.decode(signed.substring(lastColon + 1)))) {
            throw new IllegalArgumentException("bad signature");
        }
        String payload = value.substring(0, value.lastIndexOf(':'));
        byte[] serialized = payload.startsWith(".") ? inflate(UNBASE64.decode(payload.substring(1)))
                : UNBASE64.decode(payload);
        return json.readValue(serialized, MAP);
    }

    private byte[] deflate(byte[] input) {
        deflater.reset();
        deflater.setInput(input);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 16);
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    private byte[] inflate(byte[] input) {
        inflater.reset();
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream(input.length * 4);
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && inflater.needsInput()) {
                    throw new IllegalArgumentException("truncated zlib data");
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e);
        }
        return out.toByteArray();
    }

    /** {@code value:timestamp} and its HMAC-SHA256, as a timestamp signer writes it, for the signing baseline. */
    String sign(String value) {
        String stamped = value + ':' + Long.toString(System.currentTimeMillis() / 1000, 36);
        return stamped + ':' + BASE64.encodeToString(mac.doFinal(stamped.getBytes(StandardCharsets.UTF_8)));
    }

    /** The value {@link #sign} signed, once its signature is checked (its age is not). */
    String unsign(String signed) {
        int lastColon = signed.lastIndexOf(':');
        String stamped = signed.substring(0, lastColon);
        if (!MessageDigest.isEqual(mac.doFinal(stamped.getBytes(StandardCharsets.UTF_8)),
                UNBASE64.decode(signed.substring(lastColon + 1)))) {
            throw new IllegalArgumentException("bad signature");
        }
        return stamped.substring(0, stamped.lastIndexOf(':'));
    }
}
