package io.taskexec.server.http;

import java.util.Set;

/**
 * Who sent a request: the name of the token's holder and its roles. {@link #ANONYMOUS} when the
 * server runs with {@code auth_required: false} (it may then do everything).
 */
public record Caller(String name, Set<String> roles) {
  public static final Caller ANONYMOUS = new Caller("anonymous", Set.of("admin"));

  public Caller {
    roles = Set.copyOf(roles);
  }
}
