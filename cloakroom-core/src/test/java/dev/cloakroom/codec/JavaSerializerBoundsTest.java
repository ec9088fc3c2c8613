package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;
import dev.cloakroom.settings.SerializerChoice;
import dev.cloakroom.settings.SessionSettings;
import dev.cloakroom.signing.SecretKeys;
import dev.cloakroom.signing.Signing;
import dev.cloakroom.testsupport.MutableClock;
import dev.cloakroom.testsupport.SecurityLogCapture;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.cloakroom.codec.SessionCodec.SESSION_STORE_SALT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * What a holder of SECRET_KEY can sign for the java serializer to exhaust the server without running code,
 * and what it must become: an empty session and one line on the security log, quickly, never an Error. Each
 * stream is crafted as such a holder would (a plain ObjectOutputStream, bytes patched), then signed with the
 * test key and read through the codec as a stored session is.
 */
class JavaSerializerBoundsTest {
    private static final String SECRET = "bounds-test-secret";
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.atEpochSecond(1_700_000_000L);
    private final SessionCodec codec = SessionCodec.fromSettings(SessionSettings.builder().secretKey(SECRET)
            .serializer(SerializerChoice.JAVA).serializerAllowedClasses(List.of("java.lang.String")).build(),
            SESSION_STORE_SALT, clock);
    private final Signing keyHolder = new Signing(new SecretKeys(SECRET), SESSION_STORE_SALT, clock);
    private final JavaSerializer serializer = new JavaSerializer(List.of("java.lang.String"));

    @Test
    void setsOfSetsSharingTheirMembersAreRefusedBeforeTheirHashCodesExplode() throws IOException {
        // 28 levels cost 2^28 hash steps (24 s) when read; the depth bound stops it at the 21st.
        String signed = keyHolder.dumps(javaSerialize(Map.of("k", sharedMemberSets(28))), true);

        assertRefusedAsBadData(signed, "nested deeper than 20 levels");
    }

    @Test
    void aCollectionAnnouncingTwoBillionElementsIsRefusedBeforeAllocating() throws IOException {
        byte[] stream = javaSerialize(new LinkedHashMap<>(Map.of("k", new ArrayList<>(List.of("x")))));
        // ArrayList's serial form: its class descriptor ends (TC_ENDBLOCKDATA, no superclass), then the size field.
        byte[] sizeOne = {0x78, 0x70, 0, 0, 0, 1};
        int at = indexOf(stream, sizeOne);
        assertThat(at).as("the ArrayList size field").isPositive();
        int forged = 2_000_000_000;
        stream[at + 2] = (byte) (forged >>> 24);
        stream[at + 3] = (byte) (forged >>> 16);
        stream[at + 4] = (byte) (forged >>> 8);
        stream[at + 5] = (byte) forged;

        assertRefusedAsBadData(keyHolder.dumps(stream, true), "collection of 2000000000 elements");
    }

    @Test
    void aStreamNestedBeyondTheStackIsBadDataNotAStackOverflowError() throws IOException {
        // Written on a thread with a big stack, as a forger can; read on an ordinary one.
        byte[][] stream = new byte[1][];
        Thread writer = new Thread(null, () -> {
            try {
                stream[0] = javaSerialize(Map.of("k", nestedLists(5_000)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "deep-writer", 512L * 1024 * 1024);
        writer.start();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> writer.join());

        assertRefusedAsBadData(keyHolder.dumps(stream[0], true), "nested deeper than 20 levels");
    }

    /** An allow-listed class whose readObject fails the way hostile data can make any class fail. */
    static final class Exhausting implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean overflow;

        private void readObject(java.io.ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            if (overflow) {
                throw new StackOverflowError();
            }
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anErrorProvokedInsideReadingIsBadDataNotAnError() throws IOException {
        JavaSerializer trusting = new JavaSerializer(List.of(Exhausting.class.getName()));
        byte[] stream = javaSerialize(new LinkedHashMap<>(Map.of("k", new Exhausting())));
        for (boolean overflow : new boolean[] {true, false}) {
            Exhausting.overflow = overflow;

            assertThatThrownBy(() -> trusting.loads(stream)).isInstanceOf(SessionValueException.class)
                    .hasMessageContaining(overflow ? "StackOverflowError" : "OutOfMemoryError");
        }
    }

    @Test
    void writingRefusesNestingThatReadingWouldRefuse() {
        Map<String, Object> tooDeep = new LinkedHashMap<>(Map.of("k", nestedLists(250)));

        assertThatThrownBy(() -> serializer.dumps(tooDeep)).isInstanceOf(SessionValueException.class)
                .hasMessageContaining("could not be read back").hasMessageContaining("nested deeper than 20");
        assertThatThrownBy(() -> codec.encode(tooDeep)).isInstanceOf(SessionValueException.class);
    }

    @Test
    void writingRefusesNestingThatOverflowsTheStackWithAClearException() {
        Map<String, Object> farTooDeep = new LinkedHashMap<>(Map.of("k", nestedLists(100_000)));

        assertThatThrownBy(() -> serializer.dumps(farTooDeep)).isInstanceOf(SessionValueException.class)
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void nestingWithinTheBoundStillRoundTrips() {
        Map<String, Object> data = new LinkedHashMap<>(Map.of("k", nestedLists(15)));

        assertThat(codec.decode(codec.encode(data))).isEqualTo(data);
    }

    private void assertRefusedAsBadData(String signed, String why) {
        assertThatThrownBy(() -> assertTimeoutPreemptively(QUICKLY,
                () -> serializer.loads(keyHolder.loads(signed))))
                .isInstanceOf(SessionValueException.class).hasMessageContaining(why);
        try (SecurityLogCapture log = SecurityLogCapture.start()) {
            Map<String, Object> read = assertTimeoutPreemptively(QUICKLY, () -> codec.decode(signed));

            assertThat(read).isEmpty();
            assertThat(log.warnings()).containsExactly(
                    "Session data corrupted: correctly signed but undecodable (SessionValueException)");
        }
    }

    /**
     * The classic chain: every level is two sets that both hold the two sets of the next level, so the next
     * level's hash codes are computed twice. Built top-down while the sets are still empty, so building it is
     * cheap; reading rebuilds it bottom-up and hashes every path.
     */
    private static Set<Object> sharedMemberSets(int levels) {
        Set<Object> root = new HashSet<>();
        Set<Object> left = root;
        Set<Object> right = new HashSet<>();
        for (int i = 0; i < levels; i++) {
            Set<Object> first = new HashSet<>();
            Set<Object> second = new HashSet<>();
            first.add("unlike the second");
            left.add(first);
            left.add(second);
            right.add(first);
            right.add(second);
            left = first;
            right = second;
        }
        return root;
    }

    private static List<Object> nestedLists(int depth) {
        List<Object> outer = new ArrayList<>();
        List<Object> current = outer;
        for (int i = 1; i < depth; i++) {
            List<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        current.add("bottom");
        return outer;
    }

    private static byte[] javaSerialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
