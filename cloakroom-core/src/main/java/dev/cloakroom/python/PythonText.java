package dev.cloakroom.python;

import java.io.ByteArrayOutputStream;

/**
 * UTF-8 under Python's {@code surrogatepass} error handler, which pickle uses for str: a lone surrogate (which a
 * Python str, like a Java String, may hold) is written as its three-byte form instead of failing. Both sides of
 * a pickle must agree on it for such a string to survive the round trip.
 */
final class PythonText {
    private PythonText() {
    }

    static byte[] encodeSurrogatePass(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 16);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int codePoint = c;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                codePoint = Character.toCodePoint(c, text.charAt(i + 1));
                i++;
            }
            i++;
            if (codePoint < 0x80) {
                out.write(codePoint);
            } else if (codePoint < 0x800) {
                out.write(0xc0 | codePoint >> 6);
                out.write(0x80 | codePoint & 0x3f);
            } else if (codePoint < 0x10000) {
                out.write(0xe0 | codePoint >> 12);
                out.write(0x80 | codePoint >> 6 & 0x3f);
                out.write(0x80 | codePoint & 0x3f);
            } else {
                out.write(0xf0 | codePoint >> 18);
                out.write(0x80 | codePoint >> 12 & 0x3f);
                out.write(0x80 | codePoint >> 6 & 0x3f);
                out.write(0x80 | codePoint & 0x3f);
            }
        }
        return out.toByteArray();
    }

    /**
     * Decodes {@code bytes}, taking encoded surrogates as the chars they stand for.
     *
     * @throws UnreadablePickleException when the bytes are not UTF-8 (overlong forms and code points beyond
     *         U+10FFFF included)
     */
    static String decodeSurrogatePass(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int extra;
            int codePoint;
            int min;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            } else if (b >= 0xc2 && b <= 0xdf) {
                extra = 1;
                codePoint = b & 0x1f;
                min = 0x80;
            } else if (b >= 0xe0 && b <= 0xef) {
                extra = 2;
                codePoint = b & 0x0f;
                min = 0x800;
            } else if (b >= 0xf0 && b <= 0xf4) {
                extra = 3;
                codePoint = b & 0x07;
                min = 0x10000;
            } else {
                throw PickleReader.refused("a str that is not UTF-8");
            }
            if (i + extra >= bytes.length) {
                throw PickleReader.refused("a str that is not UTF-8");
            }
            for (int k = 1; k <= extra; k++) {
                int next = bytes[i + k] & 0xff;
                if ((next & 0xc0) != 0x80) {
                    throw PickleReader.refused("a str that is not UTF-8");
                }
                codePoint = codePoint << 6 | next & 0x3f;
            }
            if (codePoint < min || codePoint > Character.MAX_CODE_POINT) {
                throw PickleReader.refused("a str that is not UTF-8");
            }
            out.appendCodePoint(codePoint);
            i += extra + 1;
        }
        return out.toString();
    }
}
