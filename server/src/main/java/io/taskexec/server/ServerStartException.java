package io.taskexec.server;

import io.taskexec.TaskexecException;

/** The server cannot start as configured (no token, unreadable keystore, ...); the message says what to fix. */
public final class ServerStartException extends TaskexecException {
  private static final long serialVersionUID = 1L;

  public ServerStartException(String message) {
    super(message);
  }
}
