package io.taskexec.store.jdbc;

import io.taskexec.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks made on the state file and its directory before SQLite opens it, reading only, so that a
 * file that is not ours or is damaged is reported and never written.
 */
final class SqliteFile {
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

  private SqliteFile() {}

  static String corrupt(String shown, String why) {
    return "the state file " + shown + " is not a SQLite database or is corrupt (" + why
        + "); move it aside to start afresh, or restore a backup";
  }

  /** Creates the directory when missing and proves that a file can be created in it. */
  static void checkDirectory(Path dir, String shown) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException("cannot create the data directory " + dir + " for the state file "
          + shown + " (" + describe(e) + "); name a writable directory in"
          + " state_manager.data_directory", e);
    }
    try {
      Path probe = Files.createTempFile(dir, ".taskexec-probe-", ".tmp");
      Files.delete(probe);
    } catch (IOException e) {
      throw new StoreException("the data directory " + dir + " is read-only (" + describe(e)
          + "); taskexec keeps its state file " + shown + " and the journal beside it there: make"
          + " the directory writable, or name another one in state_manager.data_directory", e);
    }
  }

  /**
   * Reads the 100-byte header of an existing, non-empty file: the SQLite magic string, and the
   * size it records against the size on disk (a truncated copy is shorter).
   */
  static void checkHeader(Path file, String shown) {
    long size;
    byte[] h = new byte[100];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      size = Files.size(file);
      if (size == 0) return; // SQLite treats an empty file as an empty database
      n = in.readNBytes(h, 0, h.length);
    } catch (IOException e) {
      throw new StoreException("cannot read the state file " + shown + " (" + describe(e)
          + "); check its permissions", e);
    }
    if (n < h.length || !Arrays.equals(h, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
      throw new StoreException(corrupt(shown, "it does not start with the SQLite header"));
    ByteBuffer b = ByteBuffer.wrap(h);
    int pageSize = Short.toUnsignedInt(b.getShort(16));
    long pageBytes = pageSize == 1 ? 65536 : pageSize;
    long pages = Integer.toUnsignedLong(b.getInt(28));
    boolean pagesValid = pages > 0 && b.getInt(24) == b.getInt(92);
    // a crash during a checkpoint may leave the file short; the WAL beside it still has the pages
    if (walHasContent(file)) return;
    if (pagesValid && size < pages * pageBytes)
      throw new StoreException(corrupt(shown, "it is truncated: " + size + " bytes where its header"
          + " says " + pages + " pages of " + pageBytes));
  }

  private static boolean walHasContent(Path file) {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    try {
      return Files.exists(wal) && Files.size(wal) > 0;
    } catch (IOException e) {
      return true;
    }
  }

  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) return "permission denied";
    if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
