package io.taskexec.reporting.deliver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Copies each report into a directory under its file name, atomically; delivering again replaces it. */
public final class DirectoryTarget implements Target {
  private final Path dir;

  public DirectoryTarget(Path dir) {
    this.dir = dir;
  }

  @Override
  public String name() {
    return "directory";
  }

  @Override
  public void deliver(Delivery d, Duration timeout) throws Exception {
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".delivery-", ".tmp");
    try {
      Files.write(tmp, d.content());
      Files.move(tmp, dir.resolve(d.fileName()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public String toString() {
    return "directory " + dir;
  }
}
