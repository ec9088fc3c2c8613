package dev.cloakroom.demo;

import dev.cloakroom.testkit.ReferenceSigner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.Deflater;

/** Session data no store should ever hand back as a session, in the text form every store holds. */
final class HostileRecords {
    private HostileRecords() {
    }

    /** @param suspicious whether the data is malformed (and so worth a security log line) */
    record Data(String name, String value, boolean suspicious) {
    }

    static List<Data> data(String salt, String secret) {
        ReferenceSigner right = new ReferenceSigner(salt, secret);
        ReferenceSigner wrong = new ReferenceSigner(salt, "another-secret");
        Instant now = Instant.now();
        String good = right.timestampSign(b64("{\"a\":1}"), now);
        List<Data> all = new ArrayList<>();
        all.add(new Data("garbage", "!!! this is not session data !!!", true));
        all.add(new Data("empty", "", true));
        all.add(new Data("wrong signature", wrong.timestampSign(b64("{\"a\":1}"), now), true));
        int middle = good.indexOf(':') / 2;
        all.add(new Data("tampered payload", good.substring(0, middle)
                + (good.charAt(middle) == 'A' ? 'B' : 'A') + good.substring(middle + 1), true));
        all.add(new Data("truncated base64", good.substring(0, 3) + good.substring(good.indexOf(':')), true));
        all.add(new Data("truncated record", good.substring(0, good.length() / 2), true));
        all.add(new Data("signature only", good.substring(good.lastIndexOf(':') + 1), true));
        all.add(new Data("invalid JSON, signed", right.timestampSign(b64("{not json"), now), true));
        all.add(new Data("JSON array, signed", right.timestampSign(b64("[1,2,3]"), now), true));
        all.add(new Data("JSON string, signed", right.timestampSign(b64("\"text\""), now), true));
        all.add(new Data("JSON null, signed", right.timestampSign(b64("null"), now), true));
        all.add(new Data("JSON number, signed", right.timestampSign(b64("42"), now), true));
        all.add(new Data("JSON true, signed", right.timestampSign(b64("true"), now), true));
        all.add(new Data("JSON object cut short, signed", right.timestampSign(b64("{\"a\": [1, 2"), now), true));
        all.add(new Data("nesting 100,000 deep, signed", right.timestampSign(b64("[".repeat(100_000)), now), true));
        all.add(new Data("compressed garbage, signed", right.timestampSign("." + b64("not zlib at all"), now), true));
        all.add(new Data("compressed, then cut short, signed", right.timestampSign("."
                + deflated(1024 * 1024).substring(0, 40), now), true));
        all.add(new Data("legacy format, bad hash", Base64.getEncoder().encodeToString(
                "0123456789abcdef0123456789abcdef01234567:{\"a\":1}".getBytes(StandardCharsets.UTF_8)), true));
        all.add(new Data("legacy format, no hash", Base64.getEncoder().encodeToString(
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), true));
        // no NUL: PostgreSQL text cannot hold one
        all.add(new Data("control characters", "abc\u0001\u0002\u001Fdef", true));
        all.add(new Data("a megabyte of garbage", "A".repeat(1024 * 1024), true));
        return all;
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A signed zlib payload that inflates to {@code size} bytes of JSON, for the size-limit finding. */
    static String zipBomb(String salt, String secret, int size) {
        return new ReferenceSigner(salt, secret).timestampSign("." + deflated(size), Instant.now());
    }

    /** zlib of {@code size} spaces inside a JSON string: a few KB that inflate to {@code size} bytes. */
    private static String deflated(int size) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = new byte[64 * 1024];
        deflater.setInput("{\"a\":\"".getBytes(StandardCharsets.US_ASCII));
        int written = 0;
        while (written < size) {
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            deflater.setInput(chunk);
            written += chunk.length;
        }
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.setInput("\"}".getBytes(StandardCharsets.US_ASCII));
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }
}
