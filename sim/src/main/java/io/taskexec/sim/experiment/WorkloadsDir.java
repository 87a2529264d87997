package io.taskexec.sim.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the public workloads are: the system property {@code taskexec.workloads}, else the
 * environment variable {@code TASKEXEC_WORKLOADS}, else {@code ../shared/workloads} beside the
 * repository root (the first directory, from the working directory upwards, that holds the parent
 * {@code pom.xml} and a {@code core} module).
 */
public final class WorkloadsDir {
  private WorkloadsDir() {}

  /** The folder, when it exists. */
  public static Optional<Path> find() {
    String explicit = System.getProperty("taskexec.workloads", System.getenv("TASKEXEC_WORKLOADS"));
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isDirectory(p) ? Optional.of(p) : Optional.empty();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve("pom.xml")) && Files.isDirectory(d.resolve("core"))) {
        Path w = d.resolve("../shared/workloads").normalize();
        return Files.isDirectory(w) ? Optional.of(w) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Where {@link #find} looked, for a message when it found nothing. */
  public static String describe() {
    return "the workloads folder (../shared/workloads beside the repository; set TASKEXEC_WORKLOADS"
        + " or -Dtaskexec.workloads to another place)";
  }
}
