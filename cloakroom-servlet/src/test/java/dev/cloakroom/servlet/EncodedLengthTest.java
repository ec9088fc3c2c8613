package dev.cloakroom.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.Charset;

import static org.assertj.core.api.Assertions.assertThat;

class EncodedLengthTest {
    private static final String TEXT = "plain ASCII, Latin-1 é, Greek λ, CJK 漢字, emoji \uD83D\uDE00, and a tab\t";

    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "US-ASCII", "UTF-16BE", "windows-1252", "Shift_JIS"})
    void aCharacterAtATimeNeverCountsLessThanTheWholeTextEncodesTo(String charset) {
        EncodedLength length = EncodedLength.forCharset(charset);
        long oneByOne = 0;
        for (char c : TEXT.toCharArray()) {
            oneByOne += length.bytes(c);
        }
        long whole = TEXT.getBytes(Charset.forName(charset)).length;
        if (charset.equals("UTF-8") || charset.equals("ISO-8859-1") || charset.equals("US-ASCII")) {
            assertThat(oneByOne).isEqualTo(length.bytes(TEXT));
        } else {
            // measured by encoding: a surrogate pair split over two writes may count its replacement twice,
            // never less than the bytes it becomes, so the buffer is never thought emptier than it is
            assertThat(oneByOne).isGreaterThanOrEqualTo(whole);
        }
        if (charset.equals("UTF-8")) {
            assertThat(oneByOne).isEqualTo(whole);
        }
    }
}
