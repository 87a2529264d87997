package io.taskexec.sim;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.taskexec.sim.experiment.WorkloadsDir;
import java.nio.file.Path;
import java.util.Optional;

/** The public workloads folder for tests; a test that needs it is skipped, with a reason, without it. */
public final class WorkloadFiles {
  private WorkloadFiles() {}

  public static Path dir() {
    Optional<Path> dir = WorkloadsDir.find();
    assumeTrue(dir.isPresent(), () -> "skipped: no workloads found at " + WorkloadsDir.describe());
    return dir.get();
  }

  public static Path file(String relative) {
    return dir().resolve(relative);
  }
}
