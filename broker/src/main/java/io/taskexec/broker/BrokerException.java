package io.taskexec.broker;

/** RabbitMQ cannot be used: unreachable, login refused, or a publish not confirmed in time. */
public final class BrokerException extends RuntimeException {
  public BrokerException(String message, Throwable cause) {
    super(message, cause);
  }

  public BrokerException(String message) {
    super(message);
  }
}
