package io.taskexec.monitoring;

/** Where alerts go. Called on the monitoring thread: a slow target must bound its own wait. */
public interface AlertSink extends AutoCloseable {
  /** Delivers one alert; failures are logged by the caller and do not stop other targets. */
  void deliver(Alert alert) throws Exception;

  @Override
  default void close() {}
}
