package io.taskexec.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where examples/ and ./taskexec are. */
final class Repo {
  private Repo() {}

  static Path root() {
    String prop = System.getProperty("taskexec.root");
    if (prop != null) return Path.of(prop).toAbsolutePath().normalize();
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("examples/quickstart.yaml"))) return p;
    }
    throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
  }

  static Path example(String name) {
    return root().resolve("examples").resolve(name);
  }
}
