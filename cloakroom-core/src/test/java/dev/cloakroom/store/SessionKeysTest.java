package dev.cloakroom.store;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionKeysTest {

    @Test
    void generatedKeysAre32WellFormedCharactersAndNeverRepeat() {
        SessionKeys keys = new SessionKeys();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String key = keys.generate();
            assertThat(key).hasSize(SessionKeys.GENERATED_LENGTH).matches("[a-z0-9]{32}");
            assertThat(SessionKeys.isWellFormed(key)).isTrue();
            assertThat(seen.add(key)).as("a repeated key").isTrue();
        }
    }

    @Test
    void everyCharacterIsEquallyLikely() {
        SessionKeys keys = new SessionKeys();
        int[] counts = new int[SessionKeys.VALID_CHARS.length()];
        int generated = 20_000;
        for (int i = 0; i < generated; i++) {
            for (char c : keys.generate().toCharArray()) {
                counts[SessionKeys.VALID_CHARS.indexOf(c)]++;
            }
        }
        // about 17,800 each with a standard deviation of about 130: 5% is some 7 deviations, so a biased
        // mapping (bytes 252-255 kept, favouring a-d by 1/64) would still pass; the next test catches that
        double expected = generated * 32.0 / counts.length;
        for (int count : counts) {
            assertThat((double) count).isBetween(expected * 0.95, expected * 1.05);
        }
    }

    @Test
    void bytesThatWouldBiasTheFirstCharactersAreSkipped() {
        // a generator answering only 255 then 0 bytes: 255 must be skipped, 0 maps to 'a'
        SecureRandom alternating = new SecureRandom() {
            private boolean high = true;

            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (high ? 255 : 0);
                    high = !high;
                }
            }
        };
        assertThat(new SessionKeys(alternating).generate()).isEqualTo("a".repeat(32));
    }

    @Test
    void aGeneratorAnsweringMostlySkippedBytesStillFillsTheKey() {
        SecureRandom mostlyHigh = new SecureRandom() {
            private int calls;

            @Override
            public void nextBytes(byte[] bytes) {
                calls++;
                java.util.Arrays.fill(bytes, (byte) 253);
                bytes[0] = (byte) (calls % 36);
            }
        };
        String key = new SessionKeys(mostlyHigh).generate();
        assertThat(key).hasSize(32).matches("[a-z0-9]{32}");
    }
}
