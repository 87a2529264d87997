package io.taskexec.task;

/** When a dependency is satisfied. */
public enum DependencyCondition {
  /** The upstream task SUCCEEDED. Any other end makes the dependent UPSTREAM_FAILED. */
  COMPLETION,
  /** The upstream task STARTED (reached RUNNING). Ending without starting fails the dependent. */
  START,
  /** A unit of the named resource is free (only with {@link DependencyType#RESOURCE}). */
  RESOURCE_AVAILABLE,
  /** The upstream task ended unsuccessfully; if it succeeded the dependent is SKIPPED. */
  FAILURE,
  /** The upstream task ended, whatever its outcome. */
  ANY;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
