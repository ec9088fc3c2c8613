package dev.cloakroom.store.file;

import dev.cloakroom.codec.SessionCodec;
import dev.cloakroom.session.Expiry;
import dev.cloakroom.session.ExpiryPolicy;
import dev.cloakroom.session.SecurityLog;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionRecord;
import dev.cloakroom.store.SessionStore;
import dev.cloakroom.store.SessionStoreException;

import java.io.IOException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The file engine, on disk exactly as Django's: one file per session, named {@code SESSION_COOKIE_NAME + key}
 * in {@code SESSION_FILE_PATH}, holding the encoded session data (ASCII, no newline), readable by its owner
 * only (mode 0600). Django processes and Cloakroom can share the directory.
 *
 * <p><b>Whole files only.</b> Every write goes to a temporary file in the same directory, named
 * {@code <session file name>_out_<random>.tmp} as Django names its own, and is renamed over the session file
 * atomically, so a reader sees the old file or the new one, never a torn one. Temporary names contain
 * {@code _}, which no session key does, so scans never mistake them for sessions.
 *
 * <p><b>Hostile keys.</b> A key with anything but {@code [a-z0-9]} (path separators, {@code ..}, upper case) or
 * too long for a file name is never turned into a path: loads find nothing, creates fail, deletes do nothing.
 *
 * <p><b>Expiry</b> comes, as in Django, from the file alone: an absolute {@code _session_expiry} is that
 * instant; otherwise the file's modification time plus the session's inactivity seconds, or plus
 * {@code SESSION_COOKIE_AGE} when it has none (or {@code 0}). Deviation: Django never expires a file whose
 * expiry is a positive integer (it compares the integer itself with zero); Cloakroom expires it that many
 * seconds after the last write, as the setting means. A write sets the file's modification time to the instant
 * the record was computed at (the clock's "now", so the real time in production), which makes the record a
 * load returns equal to the record written. An expired file is deleted when it is loaded.
 *
 * <p><b>No lost updates.</b> Create, replace, load and delete of a key run under a lock: an in-process lock
 * striped by key plus an OS lock on one byte of the directory's lock file {@value #LOCK_FILE_NAME}, so JVMs
 * sharing the directory serialise too (see {@link KeyLocks}). Replace compares the file's content with the
 * expected record's data before swapping. Django processes take no lock, so a Django write can still overwrite
 * a concurrent Cloakroom write, as it would overwrite another Django write.
 *
 * <p>Like Django, writes are not fsynced. Close the store (the engine does) to release its lock file handle.
 */
public final class FileSessionStore implements SessionStore, AutoCloseable {
    /** The directory's lock file; its dot and dashes mean no scan ever takes it for a session file. */
    public static final String LOCK_FILE_NAME = ".cloakroom-sessions.lock";
    /** Django's infix for temporary files ({@code mkstemp(prefix=<name> + "_out_")}). */
    static final String TEMP_INFIX = "_out_";
    private static final int MAX_FILE_NAME_BYTES = 255;

    private final Path directory;
    private final String cookieName;
    private final ExpiryPolicy expiry;
    private final SessionCodec codec;
    private final FileAttribute<?>[] ownerOnly;
    private final KeyLocks locks;

    /**
     * @param directory  SESSION_FILE_PATH; must be an existing directory
     * @param cookieName SESSION_COOKIE_NAME, the prefix of every session file name
     * @throws SessionStoreException naming SESSION_FILE_PATH when the directory does not exist
     */
    public FileSessionStore(Path directory, String cookieName, ExpiryPolicy expiry, SessionCodec codec) {
        Objects.requireNonNull(directory, "directory");
        this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.codec = Objects.requireNonNull(codec, "codec");
        if (!Files.isDirectory(directory)) {
            throw new SessionStoreException("SESSION_FILE_PATH: the session storage path '" + directory
                    + "' doesn't exist or is not a directory; set SESSION_FILE_PATH to an existing directory in"
                    + " which sessions can be stored");
        }
        this.directory = directory;
        if (!namesAFileIn(directory, cookieName + "a")) {
            throw new SessionStoreException("SESSION_COOKIE_NAME: '" + cookieName
                    + "' cannot begin a session file name (it contains a path separator or an invalid character)");
        }
        this.ownerOnly = directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        this.locks = new KeyLocks(directory.resolve(LOCK_FILE_NAME), ownerOnly);
    }

    @Override
    public Optional<SessionRecord> load(String key) {
        Path file = fileFor(key);
        if (file == null) {
            return Optional.empty();
        }
        return locked(key, "load", () -> readLive(file).record());
    }

    @Override
    public boolean exists(String key) {
        Path file = fileFor(key);
        return file != null && Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public boolean create(String key, SessionRecord record) {
        Objects.requireNonNull(record, "record");
        Path file = fileFor(key);
        if (file == null) {
            return false;
        }
        byte[] content = ascii(record.data());
        return locked(key, "create", () -> {
            try {
                // O_CREAT|O_EXCL claims the name even against writers that take no lock (Django).
                Files.createFile(file, ownerOnly);
            } catch (FileAlreadyExistsException taken) {
                return false;
            }
            try {
                writeAtomically(file, content, modificationOf(record));
            } catch (IOException | RuntimeException failed) {
                deleteQuietly(file, failed);
                throw failed;
            }
            return true;
        });
    }

    @Override
    public ReplaceOutcome replace(String key, SessionRecord expected, SessionRecord replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        Path file = fileFor(key);
        if (file == null) {
            return ReplaceOutcome.MISSING;
        }
        byte[] content = ascii(replacement.data());
        return locked(key, "replace", () -> {
            Optional<SessionRecord> current = readLive(file).record();
            if (current.isEmpty()) {
                return ReplaceOutcome.MISSING;
            }
            if (!current.get().data().equals(expected.data())) {
                return ReplaceOutcome.CONFLICT;
            }
            writeAtomically(file, content, modificationOf(replacement));
            return ReplaceOutcome.REPLACED;
        });
    }

    @Override
    public void delete(String key) {
        Path file = fileFor(key);
        if (file != null) {
            locked(key, "delete", () -> Files.deleteIfExists(file));
        }
    }

    /**
     * Loads every session file in the directory, which deletes the expired ones, and returns how many were
     * deleted. Files whose name is the cookie name plus anything but a valid key (temporary files, the lock
     * file, other programs' files) are left alone.
     */
    @Override
    public long clearExpired() {
        long removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(cookieName)) {
                    continue;
                }
                String key = name.substring(cookieName.length());
                if (isStorableKey(key) && locked(key, "clear", () -> readLive(entry).removedExpired())) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new SessionStoreException("Cannot list the session directory " + directory, e);
        } catch (DirectoryIteratorException e) {
            throw new SessionStoreException("Cannot list the session directory " + directory, e.getCause());
        }
        return removed;
    }

    /** Releases the lock file handle; the store reopens it if used again. */
    @Override
    public void close() {
        locks.close();
    }

    /** The session file for {@code key}, or null when it cannot name one safely (warned, unless there is no key). */
    private Path fileFor(String key) {
        if (key == null || key.isEmpty()) {
            return null;
        }
        if (!isStorableKey(key)) {
            SecurityLog.suspiciousSession().warn("Session key rejected by the file store: not [a-z0-9] or too long"
                    + " (length {})", key == null ? 0 : key.length());
            return null;
        }
        return directory.resolve(cookieName + key);
    }

    /** Whether {@code key} is non-empty {@code [a-z0-9]} and, with the cookie name, fits a file name. */
    private boolean isStorableKey(String key) {
        if (key == null || key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        // Leave room for the temporary file's "_out_<random>.tmp" suffix.
        int nameBytes = (cookieName + key).getBytes(StandardCharsets.UTF_8).length;
        return nameBytes + TEMP_INFIX.length() + 24 <= MAX_FILE_NAME_BYTES;
    }

    /** What a file holds now: its live record, or nothing, and whether it was deleted for having expired. */
    private record Current(Optional<SessionRecord> record, boolean removedExpired) {
        static final Current NONE = new Current(Optional.empty(), false);
    }

    /** Reads the file's record; deletes it when expired. Call with the key's lock held. */
    private Current readLive(Path file) throws IOException {
        BasicFileAttributes attributes;
        String data;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                SecurityLog.suspiciousSession().warn("A session file name in {} is not a regular file; ignoring it",
                        directory);
                return Current.NONE;
            }
            data = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException missing) {
            return Current.NONE;
        }
        Instant modified = attributes.lastModifiedTime().toInstant();
        SessionRecord record = new SessionRecord(data, expiry.expiryDate(ownExpiry(data), modified));
        // Django's file backend expires a session once its whole-second age is zero: up to a second early.
        if (java.time.Duration.between(expiry.now(), record.expiresAt()).getSeconds() <= 0) {
            Files.deleteIfExists(file);
            return new Current(Optional.empty(), true);
        }
        return new Current(Optional.of(record), false);
    }

    /** The session's own expiry as stored in {@code data}; undecodable data has none, as in Django. */
    private Expiry ownExpiry(String data) {
        if (data.isEmpty()) {
            return Expiry.GLOBAL_POLICY;
        }
        return codec.tryDecode(data, null)
                .map(decoded -> expiry.fromStored(decoded.get(ExpiryPolicy.EXPIRY_KEY)))
                .orElse(Expiry.GLOBAL_POLICY);
    }

    /**
     * The modification time to give a file holding {@code record}: the instant its expiry was computed from,
     * so that reading the file back yields the same expiry. Absolute expiries do not depend on it; they get now.
     */
    private Instant modificationOf(SessionRecord record) {
        Expiry own = ownExpiry(record.data());
        if (own instanceof Expiry.At) {
            return expiry.now();
        }
        long lifetime = own instanceof Expiry.Inactivity inactivity ? inactivity.seconds() : expiry.cookieAgeSeconds();
        return expiry.lifetimeStart(record.expiresAt(), lifetime);
    }

    private void writeAtomically(Path file, byte[] content, Instant modified) throws IOException {
        Path temp = Files.createTempFile(directory, file.getFileName() + TEMP_INFIX, null, ownerOnly);
        try {
            Files.write(temp, content);
            Files.setLastModifiedTime(temp, FileTime.from(modified));
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException failed) {
            deleteQuietly(temp, failed);
            throw failed;
        }
    }

    private static void deleteQuietly(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException alsoFailed) {
            cause.addSuppressed(alsoFailed);
        }
    }

    private static byte[] ascii(String data) {
        CharsetEncoder encoder = StandardCharsets.US_ASCII.newEncoder();
        if (!encoder.canEncode(data)) {
            throw new IllegalArgumentException("Session data must be ASCII, as Django's encoding always is");
        }
        return data.getBytes(StandardCharsets.US_ASCII);
    }

    private <T> T locked(String key, String action, KeyLocks.LockedAction<T> work) {
        try {
            return locks.withLock(key, work);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot " + action + " a session file in " + directory + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }

    private static boolean namesAFileIn(Path directory, String name) {
        try {
            Path file = directory.resolve(name);
            return directory.equals(file.getParent()) && file.getFileName().toString().equals(name);
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
