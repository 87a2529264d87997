package io.taskexec.server.http;

import java.util.Set;

/**
 * What a route needs from the caller's token. Roles: {@code viewer} reads; {@code submitter} also
 * submits, cancels and retries; {@code admin} may do everything. {@code agent} is the role of
 * worker agents' own tokens: it may read tasks and agents but not submit. Submitting a task of type
 * {@code shell} also needs the permission {@code shell} (or {@code admin}): a shell command runs
 * whatever it says on the agents.
 */
public enum Access {
  /** No token: health and readiness, and the dashboard's static files (they hold no data). */
  PUBLIC,
  VIEWER,
  SUBMITTER,
  ADMIN;

  /** Whether a caller with {@code roles} may use a route that needs this. */
  public boolean allows(Set<String> roles) {
    return switch (this) {
      case PUBLIC -> true;
      case VIEWER -> roles.contains("viewer") || roles.contains("submitter") || roles.contains("admin")
          || roles.contains("agent");
      case SUBMITTER -> roles.contains("submitter") || roles.contains("admin");
      case ADMIN -> roles.contains("admin");
    };
  }

  /** Whether {@code roles} may submit tasks of type {@code shell}. */
  public static boolean mayRunShell(Set<String> roles) {
    return roles.contains("admin") || roles.contains("shell");
  }

  /** The lower-case name used in the OpenAPI document's {@code x-access}. */
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
