package dev.cloakroom.bench.jmh;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Session contents of a chosen encoded size, compressible (repeated words) or not (random characters). */
final class SessionData {
    private static final String WORDS = "cart item apple banana checkout user preference theme dark ";

    private SessionData() {
    }

    /**
     * A session of a few typical keys plus one text value padding its JSON to about {@code jsonBytes} bytes.
     *
     * @param compressible repeated words (zlib shrinks them many times) or random printable ASCII (it barely does)
     */
    static Map<String, Object> of(int jsonBytes, boolean compressible) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("_auth_user_id", "42");
        data.put("_auth_user_backend", "django.contrib.auth.backends.ModelBackend");
        data.put("count", 7);
        int padding = Math.max(0, jsonBytes - 110);
        StringBuilder text = new StringBuilder(padding);
        Random random = new Random(jsonBytes);
        while (text.length() < padding) {
            if (compressible) {
                text.append(WORDS);
            } else {
                // printable ASCII that JSON writes as itself: no quote, no backslash
                char c = (char) (' ' + random.nextInt(95));
                text.append(c == '"' || c == '\\' ? 'x' : c);
            }
        }
        text.setLength(padding);
        data.put("notes", text.toString());
        return data;
    }
}
