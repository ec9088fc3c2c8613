package dev.cloakroom.store.file;

import dev.cloakroom.ImproperlyConfiguredException;
import dev.cloakroom.SecurityLog;
import dev.cloakroom.store.ReplaceOutcome;
import dev.cloakroom.store.SessionKeys;
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
import java.util.OptionalLong;
import java.util.function.Predicate;

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
 * <p><b>Bytes only.</b> The store never decodes a file. As in Django, a file's expiry lies in its data and its
 * modification time, so the store returns both ({@link SessionRecord#savedAt}) and the core works the expiry
 * out; a write sets the file's modification time to the record's {@link SessionRecord#savedAt()}.
 *
 * <p><b>No lost updates.</b> Create, replace and delete of a key run under a lock: an in-process lock striped
 * by key plus an OS lock on one byte of the directory's lock file {@value #LOCK_FILE_NAME}, so JVMs sharing the
 * directory serialise too (see {@link KeyLocks}). Replace compares the file's content with the expected
 * record's data before swapping. Loads take no lock: the atomic rename means a reader sees a whole file, and a
 * reader that sees the file replaced while reading (its inode changed) reads again. Django processes take no
 * lock, so a Django write can still overwrite a concurrent Cloakroom write, as it would overwrite another
 * Django write.
 *
 * <p>Like Django, writes are not fsynced. Close the store (the engine does) to release its lock file handle.
 */
public final class FileSessionStore implements SessionStore, AutoCloseable {
    /** The directory's lock file; its dot and dashes mean no scan ever takes it for a session file. */
    public static final String LOCK_FILE_NAME = ".cloakroom-sessions.lock";
    /** Django's infix for temporary files ({@code mkstemp(prefix=<name> + "_out_")}). */
    static final String TEMP_INFIX = "_out_";
    private static final int MAX_FILE_NAME_BYTES = 255;

    /** Reads of one file that may each see it replaced before one is consistent; writers are rare per key. */
    private static final int MAX_READ_ATTEMPTS = 16;

    private final Path directory;
    private final String cookieName;
    private final FileAttribute<?>[] ownerOnly;
    private final KeyLocks locks;

    /**
     * @param directory  SESSION_FILE_PATH; must be an existing directory
     * @param cookieName SESSION_COOKIE_NAME, the prefix of every session file name
     * @throws ImproperlyConfiguredException naming SESSION_FILE_PATH when the directory does not exist, or
     *         SESSION_COOKIE_NAME when it cannot begin a file name
     */
    public FileSessionStore(Path directory, String cookieName) {
        Objects.requireNonNull(directory, "directory");
        this.cookieName = Objects.requireNonNull(cookieName, "cookieName");
        if (!Files.isDirectory(directory)) {
            throw new ImproperlyConfiguredException("SESSION_FILE_PATH", "the session storage path '" + directory
                    + "' doesn't exist or is not a directory; set SESSION_FILE_PATH to an existing directory in"
                    + " which sessions can be stored");
        }
        this.directory = directory;
        if (!namesAFileIn(directory, cookieName + "a")) {
            throw new ImproperlyConfiguredException("SESSION_COOKIE_NAME", "'" + cookieName
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
        try {
            return read(file);
        } catch (IOException e) {
            throw new SessionStoreException("Cannot load a session file in " + directory + ": "
                    + e.getClass().getSimpleName(), e);
        }
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
                writeAtomically(file, content, record.savedAt());
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
            Optional<SessionRecord> current = read(file);
            if (current.isEmpty()) {
                return ReplaceOutcome.MISSING;
            }
            if (!current.get().data().equals(expected.data())) {
                return ReplaceOutcome.CONFLICT;
            }
            writeAtomically(file, content, replacement.savedAt());
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

    /** Deletes the file if it still holds {@code expected}'s data, under the key's lock. */
    @Override
    public boolean deleteIfUnchanged(String key, SessionRecord expected) {
        Path file = fileFor(key);
        if (file == null) {
            return false;
        }
        return locked(key, "delete", () -> {
            Optional<SessionRecord> current = read(file);
            return current.isPresent() && current.get().data().equals(expected.data()) && Files.deleteIfExists(file);
        });
    }

    /**
     * Reads every session file in the directory and deletes those {@code expired} says are, each under its
     * key's lock so that no concurrent save is lost, and returns how many were deleted. Files whose name is the
     * cookie name plus anything but a valid key (temporary files, the lock file, other programs' files) are
     * left alone.
     */
    @Override
    public OptionalLong clearExpired(Predicate<SessionRecord> expired) {
        long removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(cookieName)) {
                    continue;
                }
                String key = name.substring(cookieName.length());
                if (isStorableKey(key) && locked(key, "clear", () -> deleteIfExpired(entry, expired))) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new SessionStoreException("Cannot list the session directory " + directory, e);
        } catch (DirectoryIteratorException e) {
            throw new SessionStoreException("Cannot list the session directory " + directory, e.getCause());
        }
        return OptionalLong.of(removed);
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

    /** Whether {@code key} is a well-formed session key that, with the cookie name, fits a file name. */
    private boolean isStorableKey(String key) {
        if (!SessionKeys.isWellFormed(key)) {
            return false;
        }
        // Leave room for the temporary file's "_out_<random>.tmp" suffix.
        int nameBytes = (cookieName + key).getBytes(StandardCharsets.UTF_8).length;
        return nameBytes + TEMP_INFIX.length() + 24 <= MAX_FILE_NAME_BYTES;
    }

    /**
     * The file's data and modification time, or empty when there is no such regular file. Reads the file's
     * identity before and after its content and tries again when a rename replaced it in between, so data and
     * time always belong to the same write.
     */
    private Optional<SessionRecord> read(Path file) throws IOException {
        for (int attempt = 0; attempt < MAX_READ_ATTEMPTS; attempt++) {
            BasicFileAttributes before;
            byte[] content;
            BasicFileAttributes after;
            try {
                before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!before.isRegularFile()) {
                    SecurityLog.suspiciousSession().warn(
                            "A session file name in {} is not a regular file; ignoring it", directory);
                    return Optional.empty();
                }
                content = Files.readAllBytes(file);
                after = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                return Optional.empty();
            }
            // The length check catches a file swapped out and back between the reads when the file system
            // hands the freed inode number to the next temporary file, so that before and after look alike.
            if (sameWrite(before, after) && content.length == after.size()) {
                return Optional.of(SessionRecord.savedAt(new String(content, StandardCharsets.US_ASCII),
                        after.lastModifiedTime().toInstant()));
            }
        }
        throw new SessionStoreException("Session file in " + directory + " kept being replaced while being read");
    }

    private static boolean sameWrite(BasicFileAttributes before, BasicFileAttributes after) {
        Object identity = before.fileKey();
        return (identity == null || identity.equals(after.fileKey()))
                && before.lastModifiedTime().equals(after.lastModifiedTime()) && before.size() == after.size();
    }

    /** Deletes {@code file} when its record has expired; call with the key's lock held. */
    private boolean deleteIfExpired(Path file, Predicate<SessionRecord> expired) throws IOException {
        Optional<SessionRecord> record = read(file);
        return record.isPresent() && expired.test(record.get()) && Files.deleteIfExists(file);
    }

    private void writeAtomically(Path file, byte[] content, Instant modified) throws IOException {
        Objects.requireNonNull(modified, "the record's savedAt");
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
