package dev.cloakroom.demo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The session cookies an attacker sends, each with the value the filter must end up looking at. */
final class HostileCookies {
    private HostileCookies() {
    }

    /**
     * @param header           the Cookie header's bytes as sent
     * @param effectiveValue   the session cookie's value as Django reads it (the last one), null for none
     * @param containerRefuses whether the container answers the request itself (a 4xx) before any filter
     */
    record Case(String name, byte[] header, String effectiveValue, boolean containerRefuses, boolean malformed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases(String valueOfAnotherEngine, String signedLike) {
        List<Case> cases = new ArrayList<>();
        value(cases, "empty value", "");
        value(cases, "too short", "abc");
        value(cases, "seven characters", "abcdefg");
        value(cases, "41 characters", "a".repeat(41));
        value(cases, "1,000 characters", "b".repeat(1000));
        value(cases, "4,000 characters", "c".repeat(4000));
        value(cases, "upper case key", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");
        value(cases, "dashes", "abcd-efgh-ijkl-mnop-qrst");
        value(cases, "underscores", "abcd_efgh_ijkl_mnop");
        value(cases, "path traversal", "../../../../etc/passwd");
        value(cases, "encoded path traversal", "..%2F..%2F..%2Fetc%2Fpasswd");
        value(cases, "absolute path", "/etc/passwd");
        value(cases, "windows traversal", "..\\..\\windows\\win.ini");
        value(cases, "traversal into another session file", "../sessionidabcdefghijklmnopqrstuvwxyz012345");
        value(cases, "SQL quote", "' OR '1'='1");
        value(cases, "SQL union", "x UNION SELECT session_data FROM django_session");
        value(cases, "SQL comment", "abcdefgh'--");
        value(cases, "SQL wildcard", "%");
        value(cases, "LIKE pattern of a key", "abcdefgh%");
        value(cases, "encoded NUL", "abcdefgh%00");
        value(cases, "redis glob", "*");
        value(cases, "cache key with spaces", "abc def ghi jkl");
        value(cases, "JSON", "{\"a\":1}");
        value(cases, "null word", "null");
        value(cases, "encoded CRLF", "abc%0d%0aSet-Cookie:%20evil=1");
        value(cases, "base64 padding", "AAAAAAAA====");
        value(cases, "comma", "abcdefgh,ijklmnop");
        value(cases, "backslash octal escapes", "\"\\141\\142\\143\\144\\145\\146\\147\\150\"");
        value(cases, "fullwidth digits", "１２３４５６７８９０１２３４５６７８");
        value(cases, "emoji", "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00");
        value(cases, "accented letters", "sëssiönkéyvàlüe");
        value(cases, "right-to-left override", "abcdefgh\u202Eijklmnop");
        raw(cases, "raw Latin-1 byte", bytes("sessionid=abcdefgh", 0xE9, "ijkl"), "abcdefgh\u00E9ijkl");
        // the filter reads what Jetty's parser drops from the raw header; its exact decoding is Jetty's
        cases.add(new Case("raw invalid UTF-8", bytes("sessionid=abcdefgh", 0xC3, 0x28, "ijkl"), null, false, true));
        // legal in a header, refused by Jetty's cookie parser; the filter reads the raw header as Django does
        raw(cases, "tab inside", "sessionid=abcd\tefgh".getBytes(StandardCharsets.ISO_8859_1), "abcd\tefgh");
        raw(cases, "DEL inside", bytes("sessionid=abcdefgh", 0x7F, "ijkl"), null, true);
        raw(cases, "NUL inside", bytes("sessionid=abcdefgh", 0x00, "ijkl"), null, true);
        raw(cases, "bell inside", bytes("sessionid=abcdefgh", 0x07, "ijkl"), null, true);
        value(cases, "a valid value of another engine", valueOfAnotherEngine);
        value(cases, "signed with the wrong salt", signedLike);
        value(cases, "signed-cookie shape, bad signature", "eyJhIjoxfQ:1xZ8Gu:notTheRealSignatureAtAllxxxxxxxxxxxxxxxxxxx");
        value(cases, "signed value truncated", valueOfAnotherEngine.substring(0, valueOfAnotherEngine.length() / 2));
        value(cases, "signed value tampered", tamper(valueOfAnotherEngine));
        value(cases, "compressed marker only", ".");
        value(cases, "colons only", "::");
        raw(cases, "duplicate cookies, both bad", ascii("sessionid=bad1; sessionid=../bad2"), "../bad2");
        raw(cases, "duplicate cookies, last empty", ascii("sessionid=abcdefghijkl; sessionid="), "");
        raw(cases, "a hundred session cookies", ascii(hundredCookies()), "v99");
        // Django strips the name as Jetty does: this is the session cookie
        raw(cases, "space before the equals sign", ascii("sessionid =../etc"), "../etc");
        raw(cases, "quoted unknown key", ascii("sessionid=\"../etc/passwd\""), "../etc/passwd");
        raw(cases, "another cookie's name in upper case", ascii("SESSIONID=../etc/passwd"), null);
        raw(cases, "cookie header of 64 KB", ascii("sessionid=" + "d".repeat(64 * 1024)), null, true);
        return cases;
    }

    private static void value(List<Case> cases, String name, String value) {
        raw(cases, name, ("sessionid=" + value).getBytes(StandardCharsets.UTF_8), value);
    }

    private static void raw(List<Case> cases, String name, byte[] header, String effective) {
        raw(cases, name, header, effective, false);
    }

    private static void raw(List<Case> cases, String name, byte[] header, String effective, boolean refused) {
        cases.add(new Case(name, header, effective, refused, effective != null && !effective.isEmpty()));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Text and single bytes, in order. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String text) {
                out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write((Integer) part);
            }
        }
        return out.toByteArray();
    }

    private static String hundredCookies() {
        StringBuilder header = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            header.append(i == 0 ? "" : "; ").append("sessionid=v").append(i);
        }
        return header.toString();
    }

    private static String tamper(String signed) {
        char first = signed.charAt(0);
        return (first == 'e' ? 'f' : 'e') + signed.substring(1);
    }
}
