package dev.cloakroom.codec;

import dev.cloakroom.SessionValueException;

import dev.cloakroom.ImproperlyConfiguredException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaSerializerTest {
    /** An application class a session may hold once it is allow-listed. */
    record Cart(String owner, List<Integer> items) implements Serializable { }

    /** An application class nobody allow-listed. */
    record Unlisted(String payload) implements Serializable { }

    enum Colour { RED, GREEN }

    /** Stands in for a gadget: records whether its readObject ever ran. */
    static final class Tripwire implements Serializable {
        static final AtomicBoolean TRIPPED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            TRIPPED.set(true);
            in.defaultReadObject();
        }
    }

    private final JavaSerializer serializer = new JavaSerializer(List.of(Cart.class.getName(), Colour.class.getName()));

    @Test
    void roundTripsAnAllowListedClass() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("cart", new Cart("alice", List.of(1, 2, 3)));
        data.put("colour", Colour.GREEN);

        Map<String, Object> read = serializer.loads(serializer.dumps(data));

        assertThat(read).isEqualTo(data);
        assertThat(read.get("cart")).isInstanceOf(Cart.class);
        assertThat(read.get("colour")).isSameAs(Colour.GREEN);
    }

    @Test
    void roundTripsThePlainJdkTypesWithoutListingThem() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("s", "text é 😀");
        data.put("i", 3);
        data.put("l", 4L);
        data.put("d", 1.5);
        data.put("b", true);
        data.put("n", null);
        data.put("big", new BigInteger("123456789012345678901234567890"));
        data.put("dec", new BigDecimal("1.10"));
        data.put("list", new ArrayList<>(List.of(1, "two")));
        data.put("immutable", List.of(1, 2));
        data.put("map", new HashMap<>(Map.of("k", "v")));
        data.put("set", Set.of("x"));

        assertThat(serializer.loads(serializer.dumps(data))).isEqualTo(data);
    }

    @Test
    void refusesToReadAClassNotOnTheAllowList() throws IOException {
        Map<String, Object> hostile = new HashMap<>();
        hostile.put("x", new Unlisted("gadget"));
        byte[] forged = javaSerialize(hostile);

        assertThatThrownBy(() -> serializer.loads(forged))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("REJECTED");
    }

    @Test
    void refusedClassNeverGetsToRunItsReadObject() throws IOException {
        Tripwire.TRIPPED.set(false);
        byte[] forged = javaSerialize(new HashMap<>(Map.of("x", new Tripwire())));

        assertThatThrownBy(() -> serializer.loads(forged)).isInstanceOf(SessionValueException.class);
        assertThat(Tripwire.TRIPPED).isFalse();
        JavaSerializer trusting = new JavaSerializer(List.of(Tripwire.class.getName()));
        trusting.loads(forged);
        assertThat(Tripwire.TRIPPED).as("the tripwire works when the class is allowed").isTrue();
    }

    @Test
    void refusesAJdkClassOutsideTheBasics() throws IOException {
        Map<String, Object> hostile = new HashMap<>();
        hostile.put("x", new java.util.Date(0));
        byte[] forged = javaSerialize(hostile);

        assertThatThrownBy(() -> serializer.loads(forged)).isInstanceOf(SessionValueException.class);
    }

    @Test
    void refusesToWriteWhatItCouldNotReadBack() {
        Map<String, Object> data = Map.of("x", new Unlisted("v"));
        assertThatThrownBy(() -> serializer.dumps(data))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining(Unlisted.class.getName())
                .hasMessageContaining("SESSION_SERIALIZER_ALLOWED_CLASSES");
    }

    @Test
    void refusesANonSerializableValueAtWriteTime() {
        Map<String, Object> data = Map.of("x", new Object());
        assertThatThrownBy(() -> serializer.dumps(data)).isInstanceOf(SessionValueException.class);
    }

    @Test
    void refusesGarbageAndNonMaps() throws IOException {
        assertThatThrownBy(() -> serializer.loads("not java".getBytes())).isInstanceOf(SessionValueException.class);
        byte[] list = javaSerialize(new ArrayList<>(List.of(1)));
        assertThatThrownBy(() -> serializer.loads(list))
                .isInstanceOf(SessionValueException.class)
                .hasMessageContaining("not a map");
    }

    @Test
    void refusesToBeBuiltWithoutAnAllowList() {
        assertThatThrownBy(() -> new JavaSerializer(List.of()))
                .isInstanceOf(ImproperlyConfiguredException.class)
                .hasMessageContaining("SESSION_SERIALIZER_ALLOWED_CLASSES");
        assertThatThrownBy(() -> new JavaSerializer(null)).isInstanceOf(ImproperlyConfiguredException.class);
    }

    /** What an attacker holding SECRET_KEY would sign: a plain Java stream, written without our checks. */
    private static byte[] javaSerialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }
}
