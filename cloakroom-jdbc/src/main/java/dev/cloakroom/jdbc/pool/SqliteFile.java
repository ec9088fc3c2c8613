package dev.cloakroom.jdbc.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The file of an SQLite database the engine opened, and which file it was.
 *
 * <p>A file deleted (or replaced) under a running server is a trap: the open connections go on reading and
 * writing the deleted file, whose data is gone once they close, while new connections would see another
 * file, or create an empty one. So the pool opens connections that never create the file, and every unit of
 * work checks, before and after it runs, that the path still names the very file (device and inode) that was
 * there at start-up: a save is never reported done unless it went into the file that is still there. Until
 * that file is back under its name (moved back), sessions fail with a clear error; a different file put in its
 * place is adopted only by a restart, since connections still open on the old one would write into it unseen.
 *
 * <p>The engine creates a missing file itself, readable and writable by its owner only (0600, as the file
 * engine's session files); SQLite gives the -wal, -shm and -journal files it creates beside it the same mode.
 */
public final class SqliteFile {
    private final Path path;
    private final Object identity;

    private SqliteFile(Path path, Object identity) {
        this.path = path;
        this.identity = identity;
    }

    /** The file a {@code jdbc:sqlite:} URL names, or empty for an in-memory or resource database. */
    public static Optional<Path> pathOf(String url) {
        String prefix = "jdbc:sqlite:";
        if (!url.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = url.substring(prefix.length());
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (rest.isEmpty() || rest.startsWith(":")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(rest).toAbsolutePath());
    }

    /** Creates the file (0600 where permissions are POSIX) when it does not exist yet, and records which it is. */
    static SqliteFile createIfMissing(Path path) {
        try {
            if (!Files.exists(path)) {
                try {
                    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                        Files.createFile(path, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(path);
                    }
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // another process created it: use that one
                }
            }
            return new SqliteFile(path, identityOf(path));
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("the directory of the SQLite database " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the SQLite database " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * @throws SQLNonTransientConnectionException when the path no longer names the file opened at start-up
     */
    void requireUnchanged() throws SQLNonTransientConnectionException {
        Object now;
        try {
            now = identityOf(path);
        } catch (IOException e) {
            now = null;
        }
        if (now == null || !Objects.equals(identity, now)) {
            throw new SQLNonTransientConnectionException("the SQLite database file " + path + (now == null
                    ? " was deleted" : " was replaced by another file") + " while in use; sessions fail until the "
                    + "original file is back (or the server is restarted on the new one), since writes into it "
                    + "would be lost", "08006");
        }
    }

    /** The file's key (device and inode on Unix) or, where there is none, that it exists. */
    private static Object identityOf(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return attributes.fileKey() != null ? attributes.fileKey() : Boolean.TRUE;
    }
}
