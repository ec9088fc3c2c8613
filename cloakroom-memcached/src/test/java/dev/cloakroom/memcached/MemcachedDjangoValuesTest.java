package dev.cloakroom.memcached;

import dev.cloakroom.cache.CacheBackend;
import dev.cloakroom.memcached.support.RequiresMemcached;
import dev.cloakroom.memcached.support.TestMemcached;
import dev.cloakroom.session.Session;
import dev.cloakroom.session.SessionEngine;
import dev.cloakroom.session.SessionEngines;
import dev.cloakroom.settings.SessionSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The view of Django's values on Memcached: pymemcache's flags, checked with Memcached's text protocol behind the
 * backend's back, and the cache engine in Django's format on it.
 */
@RequiresMemcached
class MemcachedDjangoValuesTest {
    private final String prefix = TestMemcached.uniquePrefix();
    private final MemcachedCacheBackend backend = TestMemcached.backend(prefix);

    @AfterEach
    void close() {
        backend.close();
    }

    @Test
    void picklesCarryThePickleFlagAndIntsTheIntegerFlag() throws IOException {
        CacheBackend djangoValues = backend.djangoValues().orElseThrow();
        byte[] pickle = HexFormat.of().parseHex("80047d8c05636f756e744b07732e");
        djangoValues.set("session", new String(pickle, StandardCharsets.ISO_8859_1), Duration.ofMinutes(1));
        djangoValues.set("number", "42", Duration.ofMinutes(1));
        assertThat(raw(prefix + "session")).isEqualTo(new Raw(1, pickle));
        assertThat(raw(prefix + "number")).isEqualTo(new Raw(2, "42".getBytes(StandardCharsets.US_ASCII)));
        assertThat(djangoValues.get("session")).contains(new String(pickle, StandardCharsets.ISO_8859_1));
        assertThat(backend.djangoValues().orElseThrow()).isSameAs(djangoValues);
    }

    @Test
    void theCacheEngineInDjangosFormatWritesPicklesUnderDjangosKeys() throws IOException {
        SessionSettings settings = SessionSettings.builder().secretKey("k").engine("cache")
                .set("SESSION_CACHE_FORMAT", "django")
                .raw("CACHE_DEFAULT_URL", TestMemcached.url(prefix)).raw("CACHES_DEFAULT_KEY_PREFIX", "site").build();
        try (SessionEngine engine = SessionEngines.create(settings)) {
            Session session = engine.open(null);
            session.put("count", 7);
            session.save();
            Raw stored = raw(prefix + "site:1:django.contrib.sessions.cache" + session.getSessionKey());
            // {'count': 7} at PyMemcacheCache's pickle.HIGHEST_PROTOCOL, 5, with pymemcache's pickle flag
            assertThat(stored).isEqualTo(new Raw(1, HexFormat.of().parseHex("80057d8c05636f756e744b07732e")));
            assertThat(engine.open(session.getSessionKey()).get("count", Long.class)).isEqualTo(7L);
        }
    }

    record Raw(int flags, byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Raw raw && flags == raw.flags && Arrays.equals(bytes, raw.bytes);
        }

        @Override
        public int hashCode() {
            return flags * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "flags " + flags + ": " + HexFormat.of().formatHex(bytes);
        }
    }

    /** {@code get key} in Memcached's text protocol: {@code VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n}. */
    static Raw raw(String key) throws IOException {
        try (Socket socket = new Socket(TestMemcached.HOST, TestMemcached.PORT)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("get " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String header = line(in);
            if (header.equals("END")) {
                return null;
            }
            String[] parts = header.split(" ");
            byte[] data = in.readNBytes(Integer.parseInt(parts[3]));
            return new Raw(Integer.parseInt(parts[2]), data);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n' && b >= 0) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
