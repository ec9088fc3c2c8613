package dev.cloakroom.memcached;

import com.google.code.yanf4j.core.Session;
import net.rubyeye.xmemcached.networking.MemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the locator hands out xmemcached's connections: the placement server's connection, closed or not, in
 * failure mode; the winner among the open ones without it (pymemcache's placement once it marks a server dead);
 * none for a server never connected; one connection for two names of one address; and a server keeps its
 * connection when its host name later resolves elsewhere. Connections are stand-ins; the placement itself is
 * {@link RendezvousPlacementTest}'s.
 */
class RendezvousSessionLocatorTest {
    private static final List<String> NAMES = List.of("10.0.0.1:11211", "10.0.0.2:11211", "10.0.0.3:11211");
    private static final List<InetSocketAddress> ADDRESSES = NAMES.stream()
            .map(name -> new InetSocketAddress(name.substring(0, name.indexOf(':')), 11211)).toList();
    private static final List<String> KEYS = IntStream.range(0, 300)
            .mapToObj(i -> ":1:django.contrib.sessions.cache" + i).toList();

    @Test
    void inFailureModeAKeyStaysWithItsServerWhileItIsDown() {
        RendezvousSessionLocator locator = new RendezvousSessionLocator(NAMES, ADDRESSES);
        List<Connection> connections = connections();
        locator.updateSessions(sessions(connections));
        connections.get(1).closed.set(true);

        for (String key : KEYS) {
            int server = locator.serverIndex(key);
            assertThat(locator.getSessionByKey(key)).as(key).isSameAs(connections.get(server).session);
        }
    }

    @Test
    void withoutFailureModeADownServersKeysGoWherePymemcachePutsThemWithoutIt() {
        RendezvousSessionLocator locator = new RendezvousSessionLocator(NAMES, ADDRESSES);
        locator.setFailureMode(false);
        List<Connection> connections = connections();
        locator.updateSessions(sessions(connections));
        connections.get(1).closed.set(true);
        RendezvousPlacement withoutTheSecond = new RendezvousPlacement(List.of(NAMES.get(0), NAMES.get(2)));

        int moved = 0;
        for (String key : KEYS) {
            Session handedOut = locator.getSessionByKey(key);
            if (locator.serverIndex(key) == 1) {
                moved++;
                String standIn = withoutTheSecond.names().get(withoutTheSecond.winner(key));
                assertThat(handedOut).as(key).isSameAs(connections.get(NAMES.indexOf(standIn)).session);
            } else {
                assertThat(handedOut).as(key).isSameAs(connections.get(locator.serverIndex(key)).session);
            }
        }
        assertThat(moved).as("keys of the second server").isPositive();
    }

    @Test
    void aServerNeverConnectedGetsNoConnectionInFailureMode() {
        RendezvousSessionLocator locator = new RendezvousSessionLocator(NAMES, ADDRESSES);
        List<Connection> connections = connections();
        locator.updateSessions(List.of(connections.get(0).session, connections.get(2).session));

        String onTheSecond = KEYS.stream().filter(key -> locator.serverIndex(key) == 1).findFirst().orElseThrow();
        assertThat(locator.getSessionByKey(onTheSecond)).isNull();
    }

    /** {@code 127.0.0.1:11211} and {@code localhost:11211}: two names, so two shares of the keys, one server. */
    @Test
    void twoNamesOfOneAddressShareItsConnection() {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 11211);
        RendezvousSessionLocator locator = new RendezvousSessionLocator(
                List.of("127.0.0.1:11211", "localhost:11211"), List.of(loopback, new InetSocketAddress("127.0.0.1", 11211)));
        Connection only = new Connection(new InetSocketAddressWrapper(loopback, 1, 1, null, false));
        locator.updateSessions(List.of(only.session));

        assertThat(KEYS).extracting(locator::serverIndex).contains(0, 1);
        for (String key : KEYS) {
            assertThat(locator.getSessionByKey(key)).isSameAs(only.session);
        }
    }

    /**
     * xmemcached keeps one address record per server and looks its host up again when it reads it; a record seen
     * once keeps its server, so a reconnect to wherever the name now resolves still serves that server's keys.
     */
    @Test
    void aServerKeepsItsConnectionsWhenItsNameResolvesElsewhere() throws Exception {
        RendezvousSessionLocator locator = new RendezvousSessionLocator(NAMES, ADDRESSES);
        List<Connection> connections = connections();
        locator.updateSessions(sessions(connections));

        InetSocketAddressWrapper record = connections.get(1).record;
        Field address = InetSocketAddressWrapper.class.getDeclaredField("inetSocketAddress");
        address.setAccessible(true);
        address.set(record, new InetSocketAddress("10.9.9.9", 11211));
        connections.get(1).closed.set(true);
        Connection reconnected = new Connection(record);
        List<Session> now = sessions(connections);
        now.add(reconnected.session);
        locator.updateSessions(now);

        String onTheSecond = KEYS.stream().filter(key -> locator.serverIndex(key) == 1).findFirst().orElseThrow();
        assertThat(locator.getSessionByKey(onTheSecond)).isSameAs(reconnected.session);
    }

    private static List<Connection> connections() {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < ADDRESSES.size(); i++) {
            connections.add(new Connection(new InetSocketAddressWrapper(ADDRESSES.get(i), i + 1, 1, null, false)));
        }
        return connections;
    }

    private static List<Session> sessions(List<Connection> connections) {
        List<Session> sessions = new ArrayList<>();
        connections.forEach(connection -> sessions.add(connection.session));
        return sessions;
    }

    /** A stand-in for one of xmemcached's connections: its address record, and whether it is closed. */
    private static final class Connection {
        final InetSocketAddressWrapper record;
        final AtomicBoolean closed = new AtomicBoolean();
        final Session session;

        Connection(InetSocketAddressWrapper record) {
            this.record = record;
            this.session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {MemcachedSession.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getInetSocketAddressWrapper" -> record;
                        case "getRemoteSocketAddress" -> record.getInetSocketAddress();
                        case "isClosed" -> closed.get();
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "connection to " + record.getInetSocketAddress();
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
