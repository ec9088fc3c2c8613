package dev.cloakroom.signing;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedMacTest {
    private static byte[] freshMac(SecretKeySpec key, byte[] data) throws Exception {
        Mac mac = Mac.getInstance(key.getAlgorithm());
        mac.init(key);
        return mac.doFinal(data);
    }

    @Test
    void theJdksHmacsAreClonedAndGiveWhatAFreshMacGives() throws Exception {
        for (String algorithm : List.of("HmacSHA256", "HmacSHA1")) {
            SecretKeySpec key = new SecretKeySpec("a key of some length".getBytes(StandardCharsets.UTF_8), algorithm);
            KeyedMac keyed = new KeyedMac(key);
            assertThat(keyed.clones()).as(algorithm).isTrue();
            for (String value : List.of("", "x", "value:timestamp", "é".repeat(300))) {
                byte[] data = value.getBytes(StandardCharsets.UTF_8);
                // twice: a call must not leave state behind in the prototype
                assertThat(keyed.mac(data)).isEqualTo(freshMac(key, data));
                assertThat(keyed.mac(data)).isEqualTo(freshMac(key, data));
            }
        }
    }

    @Test
    void concurrentCallsDoNotDisturbEachOther() throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[32], "HmacSHA256");
        KeyedMac keyed = new KeyedMac(key);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                byte[] data = ("value " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> java.util.Arrays.equals(keyed.mac(data), freshMac(key, data))));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
