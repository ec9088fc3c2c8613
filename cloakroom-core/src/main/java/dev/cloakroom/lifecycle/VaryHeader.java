package dev.cloakroom.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Django's {@code patch_vary_headers}: adds header names to a {@code Vary} value without duplicates. */
public final class VaryHeader {
    private static final Pattern COMMA = Pattern.compile("\\s*,\\s*");

    private VaryHeader() {
    }

    /**
     * The {@code Vary} value after adding {@code newHeaders} to {@code existing} (null or blank when the
     * response has none): existing entries keep their order and spelling, a new name is appended unless
     * present in any letter case, and if any entry is {@code *} the result is just {@code *}.
     */
    public static String patch(String existing, String... newHeaders) {
        List<String> headers = new ArrayList<>();
        if (existing != null && !existing.isBlank()) {
            for (String entry : COMMA.split(existing.trim())) {
                headers.add(entry);
            }
        }
        Set<String> present = new LinkedHashSet<>();
        for (String header : headers) {
            present.add(header.toLowerCase(Locale.ROOT));
        }
        for (String header : newHeaders) {
            if (present.add(header.toLowerCase(Locale.ROOT))) {
                headers.add(header);
            }
        }
        if (headers.contains("*")) {
            return "*";
        }
        return String.join(", ", headers);
    }
}
