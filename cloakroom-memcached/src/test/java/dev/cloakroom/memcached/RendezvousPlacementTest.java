package dev.cloakroom.memcached;

import dev.cloakroom.memcached.support.Pymemcache;
import dev.cloakroom.memcached.support.Pymemcache.HashInput;
import dev.cloakroom.memcached.support.RequiresPymemcache;
import net.rubyeye.xmemcached.impl.ClosedMemcachedTCPSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import com.google.code.yanf4j.core.Session;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our MurmurHash3 and our placement against the ones a real Django 3.2 and pymemcache compute, asked at test time
 * ({@link Pymemcache}): the same hash for every kind of text, and every key on the server Django's
 * {@code PyMemcacheCache} picks for the same {@code LOCATION}, for one to five servers, names written in every way
 * a {@code LOCATION} allows.
 */
@RequiresPymemcache
class RendezvousPlacementTest {
    private static final String SESSION_PREFIX = ":1:django.contrib.sessions.cache";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** LOCATIONs as a Django settings file holds them, one to five servers. */
    private static final List<String> LOCATIONS = List.of(
            "127.0.0.1:11211",
            "127.0.0.1:11211;localhost:11211",
            "localhost:11211;127.0.0.1:11211",
            "10.0.0.1:11211,10.0.0.2:11211,10.0.0.3:11211",
            "mc1:09999;mc2:11212;mc3:11213;mc4:11214",
            "cache-a.internal:11211;Cache-B:11300;[::1]:11400;[fe80::1];cache-e",
            "127.0.0.1:21001;127.0.0.1:21002");

    @Test
    void murmur3IsPymemcachesForEveryKindOfText() {
        Random random = new Random(20261204);
        List<HashInput> inputs = new ArrayList<>();
        long[] seeds = {0, 1, 0x9747b28cL, 0xffffffffL};
        for (int i = 0; i < 3000; i++) {
            inputs.add(new HashInput(randomText(random, random.nextInt(70)), i < 2000 ? 0 : seeds[i % seeds.length]));
        }
        List<Long> python = Pymemcache.ask(inputs, List.of(), List.of()).hashes();

        for (int i = 0; i < inputs.size(); i++) {
            HashInput input = inputs.get(i);
            long ours = Integer.toUnsignedLong(Murmur3.x86Hash32(RendezvousPlacement.hashedBytes(input.text()),
                    (int) input.seed()));
            assertThat(ours).as("murmur3_32(%s, %d)", codePoints(input.text()), input.seed()).isEqualTo(python.get(i));
        }
    }

    @Test
    void everyKeyIsOnTheServerDjangoPicks() {
        List<String> keys = djangoLikeKeys(new Random(11), 600);
        List<List<String>> python = Pymemcache.ask(List.of(), LOCATIONS, keys).placements();

        for (int l = 0; l < LOCATIONS.size(); l++) {
            RendezvousPlacement ours = placementFor(LOCATIONS.get(l));
            for (int k = 0; k < keys.size(); k++) {
                assertThat(ours.names().get(ours.winner(keys.get(k))))
                        .as("%s in LOCATION %s", keys.get(k), LOCATIONS.get(l))
                        .isEqualTo(python.get(l).get(k));
            }
        }
    }

    /** What xmemcached asks: the locator hands out the connection of the server Django picks. */
    @Test
    void theLocatorHandsOutTheConnectionOfThatServer() {
        List<String> keys = djangoLikeKeys(new Random(12), 300);
        String location = "cache-a.internal:11211;Cache-B:11300;[::1]:11400;[fe80::1];cache-e";
        List<String> python = Pymemcache.ask(List.of(), List.of(location), keys).placements().get(0);

        List<MemcachedCacheConfig.Server> servers = MemcachedCacheUrl.parse(url(location)).servers();
        List<String> names = servers.stream().map(MemcachedCacheConfig.Server::nodeName).toList();
        List<InetSocketAddress> addresses = servers.stream()
                .map(server -> InetSocketAddress.createUnresolved(server.host(), server.port())).toList();
        RendezvousSessionLocator locator = new RendezvousSessionLocator(names, addresses);
        Map<Session, String> nameOf = new HashMap<>();
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            // Not resolved: these names need not exist. (xmemcached's own records resolve, and are matched the same way.)
            Session session = new ClosedMemcachedTCPSession(
                    new InetSocketAddressWrapper(addresses.get(i), i + 1, 1, null, false));
            sessions.add(session);
            nameOf.put(session, names.get(i));
        }
        locator.setFailureMode(true);
        List<Session> unordered = new ArrayList<>(sessions);
        Collections.reverse(unordered);
        locator.updateSessions(unordered);

        for (int k = 0; k < keys.size(); k++) {
            assertThat(nameOf.get(locator.getSessionByKey(keys.get(k)))).as(keys.get(k)).isEqualTo(python.get(k));
        }
        assertThat(keys.stream().map(key -> python.get(keys.indexOf(key))).collect(Collectors.toSet()))
                .as("the keys reach every server").hasSize(5);
    }

    /**
     * Two servers that score a key the same: pymemcache keeps the greater name, whatever the order. Such a pair is
     * found among many names for one key (32-bit scores collide often enough), then both sides are asked.
     */
    @Test
    void aTieGoesToTheGreaterNameAsInPymemcache() {
        String key = SESSION_PREFIX + "tie0000000000000000000000000000";
        Map<Long, String> byScore = new HashMap<>();
        String[] pair = null;
        for (int i = 0; i < 400_000 && pair == null; i++) {
            String name = "n" + i + ":11211";
            String earlier = byScore.putIfAbsent(RendezvousPlacement.score(name, key), name);
            if (earlier != null) {
                pair = new String[] {earlier, name};
            }
        }
        assertThat(pair).as("two names with one score among 400,000").isNotNull();
        String greater = pair[0].compareTo(pair[1]) > 0 ? pair[0] : pair[1];
        List<String> locations = List.of(pair[0] + ";" + pair[1], pair[1] + ";" + pair[0]);

        List<List<String>> python = Pymemcache.ask(List.of(), locations, List.of(key)).placements();
        assertThat(python).containsExactly(List.of(greater), List.of(greater));
        for (String location : locations) {
            RendezvousPlacement ours = placementFor(location);
            assertThat(ours.names().get(ours.winner(key))).as(location).isEqualTo(greater);
        }
    }

    /** The name is the configured text, so two spellings of one address place keys differently, on both sides. */
    @Test
    void theNameIsTheConfiguredTextNotTheAddress() {
        List<String> keys = djangoLikeKeys(new Random(13), 200);
        List<String> python = Pymemcache.ask(List.of(), List.of("127.0.0.1:11211;127.0.0.1:11212",
                "localhost:11211;127.0.0.1:11212"), keys).placements().stream()
                .map(row -> String.join(",", row)).toList();
        assertThat(python.get(0).replace("127.0.0.1:11211", "localhost:11211")).isNotEqualTo(python.get(1));
        assertThat(placementFor("LocalHost:11211").names()).containsExactly("LocalHost:11211");
    }

    private static RendezvousPlacement placementFor(String location) {
        return new RendezvousPlacement(MemcachedCacheUrl.parse(url(location)).servers().stream()
                .map(MemcachedCacheConfig.Server::nodeName).toList());
    }

    private static String url(String location) {
        return "memcached://" + location.replace(';', ',');
    }

    /** Keys as Django's cache and cached_db engines make them, with and without a KEY_PREFIX, and one not ASCII. */
    private static List<String> djangoLikeKeys(Random random, int count) {
        List<String> keys = new ArrayList<>();
        String[] prefixes = {SESSION_PREFIX, ":1:django.contrib.sessions.cached_db", "shop:2:django.contrib.sessions.cache",
                ":1:cloakroom.sessions.cache", "caf\u00e9\u2603:1:django.contrib.sessions.cache"};
        for (int i = 0; i < count; i++) {
            StringBuilder key = new StringBuilder(prefixes[i % prefixes.length]);
            for (int c = 0; c < 32; c++) {
                key.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            keys.add(key.toString());
        }
        return keys;
    }

    /** Text of every kind: ASCII, Latin-1, the rest of the BMP (no surrogates) and beyond it. */
    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        while (text.codePointCount(0, text.length()) < length) {
            int kind = random.nextInt(4);
            int codePoint = switch (kind) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> random.nextInt(0x100);
                case 2 -> random.nextInt(0xd800);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            text.appendCodePoint(codePoint);
        }
        return text.toString();
    }

    private static String codePoints(String text) {
        return text.codePoints().mapToObj(cp -> String.format("U+%04X", cp)).collect(Collectors.joining(" "));
    }
}
