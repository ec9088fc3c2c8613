package dev.cloakroom.memcached;

import com.google.code.yanf4j.core.Session;
import net.rubyeye.xmemcached.MemcachedSessionLocator;
import net.rubyeye.xmemcached.networking.ClosedMemcachedSession;
import net.rubyeye.xmemcached.utils.InetSocketAddressWrapper;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Tells xmemcached which server's connection a key goes to: the server Django's {@code PyMemcacheCache} (through
 * pymemcache's {@code HashClient}) puts the key on, given the same {@code LOCATION} list, by
 * {@link RendezvousPlacement}. Servers are known by the name pymemcache gives them, the configured
 * {@code host:port} text ({@link MemcachedCacheConfig.Server#nodeName()}), never by the address a name resolves
 * to: {@code localhost:11211} and {@code 127.0.0.1:11211} are different names, and place keys differently, on
 * both sides alike.
 *
 * <p>It is the placement for every key this backend sends, whatever {@code SESSION_CACHE_FORMAT} says. One rule
 * is simpler to reason about than two; with it, Django and Cloakroom sharing servers agree on every entry, not
 * only on the session entries they share; and rendezvous hashing keeps what consistent hashing (ketama, used
 * before) was chosen for: removing a server moves only its keys, adding one moves only the keys it now wins.
 * The price is paid once: an installation that had several servers finds its cached sessions on other servers
 * after upgrading, and those visitors start new sessions (with one server nothing moves).
 *
 * <p>Failure mode (what {@link MemcachedCacheBackend} uses): a key stays with its server while that server is
 * down; its connection, closed, is handed out and xmemcached fails the command at once, or, when no connection to
 * the server was ever made, none is handed out and xmemcached fails the command for want of one. Without failure
 * mode, a key whose server has no open connection goes to the winner among the servers that have one, which is
 * where pymemcache puts it once it has marked its server dead.
 *
 * <p>xmemcached calls {@link #updateSessions} from its own threads whenever a connection comes or goes, and
 * {@link #getSessionByKey} from every caller's; the connections are swapped in as one immutable snapshot.
 */
final class RendezvousSessionLocator implements MemcachedSessionLocator {
    private final RendezvousPlacement placement;
    /** The address of each server of {@link #placement}, by the same index. */
    private final List<InetSocketAddress> addresses;
    /** Which servers each of xmemcached's address records stands for, matched the first time it is seen. */
    private final Map<InetSocketAddressWrapper, List<Integer>> matched = new IdentityHashMap<>();
    private volatile Session[] connections;
    private volatile boolean failureMode = true;

    /**
     * A locator for the servers {@code names}, with {@code addresses} the addresses given to xmemcached for them,
     * in the same order. A name given twice counts once; two names may share an address (both then use its
     * connection, as Django's two clients would reach the one server).
     */
    RendezvousSessionLocator(List<String> names, List<InetSocketAddress> addresses) {
        Objects.requireNonNull(names, "names");
        Objects.requireNonNull(addresses, "addresses");
        if (names.size() != addresses.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + addresses.size() + " addresses");
        }
        this.placement = new RendezvousPlacement(names);
        List<InetSocketAddress> byIndex = new ArrayList<>();
        for (String name : placement.names()) {
            byIndex.add(Objects.requireNonNull(addresses.get(names.indexOf(name)), "address"));
        }
        this.addresses = List.copyOf(byIndex);
        this.connections = new Session[byIndex.size()];
    }

    /** The server names, in their first order; the index of each is what {@link #serverIndex} returns. */
    List<String> names() {
        return placement.names();
    }

    /** The index in {@link #names()} of the server that holds {@code key} while every server is up. */
    int serverIndex(String key) {
        return placement.winner(key);
    }

    @Override
    public Session getSessionByKey(String key) {
        Session[] current = connections;
        int winner = placement.winner(key);
        if (winner < 0) {
            return null;
        }
        Session session = current[winner];
        if (failureMode || isOpen(session)) {
            return session;
        }
        int standIn = placement.winner(key, index -> isOpen(current[index]));
        return standIn < 0 ? session : current[standIn];
    }

    /**
     * Takes xmemcached's connections, matched to servers by the address each was opened to (an open connection
     * preferred to a closed one xmemcached keeps in failure mode). xmemcached keeps one address record per server
     * for the client's life, reconnects included, and looks its host name up again whenever it reads the address;
     * so a record is matched once, the first time it is seen (when the client connects, with the addresses just
     * resolved for it), and remembered, and a server whose name later resolves elsewhere keeps its keys.
     */
    @Override
    public synchronized void updateSessions(Collection<Session> sessions) {
        Session[] next = new Session[addresses.size()];
        for (Session session : sessions) {
            for (int index : serversOf(session)) {
                if (!isOpen(next[index])) {
                    next[index] = session;
                }
            }
        }
        connections = next;
    }

    @Override
    public void setFailureMode(boolean failureMode) {
        this.failureMode = failureMode;
    }

    /** The indexes of the servers {@code session} is a connection to: one, or more when names share an address. */
    private List<Integer> serversOf(Session session) {
        if (session instanceof ClosedMemcachedSession memcached && memcached.getInetSocketAddressWrapper() != null) {
            InetSocketAddressWrapper record = memcached.getInetSocketAddressWrapper();
            return matched.computeIfAbsent(record, seen -> serversAt(seen.getInetSocketAddress()));
        }
        return serversAt(session.getRemoteSocketAddress());
    }

    private List<Integer> serversAt(InetSocketAddress address) {
        List<Integer> servers = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            if (addresses.get(i).equals(address)) {
                servers.add(i);
            }
        }
        return List.copyOf(servers);
    }

    private static boolean isOpen(Session session) {
        return session != null && !session.isClosed();
    }
}
