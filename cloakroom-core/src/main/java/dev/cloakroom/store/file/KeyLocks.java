package dev.cloakroom.store.file;

import dev.cloakroom.store.SessionStoreException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises the read-compare-write steps of one session key across threads and across processes sharing a
 * session directory.
 *
 * <p>Keys hash onto {@value #STRIPES} stripes. A stripe is an in-process {@link ReentrantLock} plus an exclusive
 * OS lock on byte {@code stripe} of one lock file in the directory. The hash is {@link String#hashCode()}, which
 * the language fixes, so every JVM maps a key to the same byte.
 *
 * <p>Why one file and one long-lived channel: POSIX record locks belong to the process, and closing any channel
 * on a file drops every lock the process holds on it, so opening and closing a channel per operation would
 * silently release other threads' locks. One channel per store, kept open until {@link #close()}, avoids that.
 * The lock file is never deleted: processes that opened it must keep locking the same inode.
 *
 * <p>Locks are taken by polling {@code tryLock}, never by the blocking {@code lock}, which is interruptible: an
 * interrupt there closes the channel and so releases the other threads' locks. Two stores in one JVM on the
 * same directory each have their own channel; the JVM refuses overlapping locks between them with
 * {@link OverlappingFileLockException}, which waits the same way.
 * Writers that take no lock (Django itself) are not held back; they only ever see whole files, thanks to the
 * atomic rename, but can still overwrite a concurrent change.
 */
final class KeyLocks implements AutoCloseable {
    static final int STRIPES = 64;
    private static final long MAX_POLL_NANOS = 2_000_000;

    private final Path lockFile;
    private final FileAttribute<?>[] attributes;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
    private final Object channelGuard = new Object();
    private FileChannel channel;

    KeyLocks(Path lockFile, FileAttribute<?>[] attributes) {
        this.lockFile = lockFile;
        this.attributes = attributes;
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    interface LockedAction<T> {
        T run() throws IOException;
    }

    /** Runs {@code action} while holding the lock for {@code key}. */
    <T> T withLock(String key, LockedAction<T> action) throws IOException {
        int stripe = Math.floorMod(key.hashCode(), STRIPES);
        ReentrantLock local = stripes[stripe];
        local.lock();
        try {
            FileLock osLock = acquire(stripe);
            try {
                return action.run();
            } finally {
                if (osLock.isValid()) {
                    osLock.release();
                }
            }
        } finally {
            local.unlock();
        }
    }

    /**
     * Polls with {@code tryLock} rather than blocking in {@code lock}: a thread interrupted inside the blocking
     * call makes the JVM close the shared channel, which would drop every other thread's OS lock with it.
     */
    private FileLock acquire(int stripe) throws IOException {
        long pause = 10_000;
        while (true) {
            try {
                FileLock lock = channel().tryLock(stripe, 1, false);
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException heldByAnotherStoreInThisJvm) {
                // same as held by another process: wait and retry
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(MAX_POLL_NANOS, pause * 2);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new SessionStoreException("Interrupted while waiting for a session file lock");
            }
        }
    }

    /** The lock channel, reopened if an interrupt closed it. */
    private FileChannel channel() throws IOException {
        synchronized (channelGuard) {
            if (channel == null || !channel.isOpen()) {
                channel = FileChannel.open(lockFile, java.util.Set.of(StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE), attributes);
            }
            return channel;
        }
    }

    /** Closes the lock channel; later calls reopen it. */
    @Override
    public void close() {
        synchronized (channelGuard) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Closing only releases OS locks, which the OS releases anyway.
                }
                channel = null;
            }
        }
    }
}
