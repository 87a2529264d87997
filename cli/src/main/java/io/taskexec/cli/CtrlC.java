package io.taskexec.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT, or SIGTERM) during a run: a shutdown hook that cancels every task, lets the run
 * print its summary, and only then lets the JVM exit (with 128 + the signal: 130 for SIGINT).
 *
 * <p>The hook runs {@code onSignal} (cancel everything), then waits, boundedly, for the main thread
 * to call {@link #reported()} after it printed the summary. A second Ctrl-C during that time is
 * ignored by the JVM; the bounds make sure the process still ends.
 */
final class CtrlC implements AutoCloseable {
  private static final long REPORT_WAIT_SECONDS = 20;

  private final CountDownLatch reported = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean fired;

  private CtrlC(Runnable onSignal) {
    this.hook = new Thread(() -> {
      fired = true;
      onSignal.run();
      try {
        reported.await(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "taskexec-ctrl-c");
  }

  /** Installs the hook when {@code enabled}; otherwise a guard that never fires. */
  static CtrlC install(boolean enabled, Runnable onSignal) {
    CtrlC c = new CtrlC(onSignal);
    if (enabled) Runtime.getRuntime().addShutdownHook(c.hook);
    return c;
  }

  /** True once the signal came; the run is being cancelled. */
  boolean fired() {
    return fired;
  }

  /** The summary is out: the JVM may finish exiting. */
  void reported() {
    reported.countDown();
  }

  /** Removes the hook after a run that ended by itself. */
  @Override
  public void close() {
    reported.countDown();
    if (fired) return;
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already, or never installed
    }
  }
}
