package io.taskexec.execute;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a Java {@link TaskHandler} as an executor: a return is success, a throw a failure.
 *
 * <p>While a monitor is attached ({@link #measureThreads}), each attempt's thread cpu time and
 * allocated bytes are measured around the handler and reported as the metrics
 * {@code cpu_seconds} and {@code allocated_bytes} when it returns or throws.
 */
public final class HandlerExecutor implements TaskExecutor {
  private static final AtomicInteger MEASURING = new AtomicInteger();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final TaskHandler handler;

  public HandlerExecutor(TaskHandler handler) {
    this.handler = handler;
  }

  /**
   * Turns measuring on (true) for as long as at least one monitor asked for it; each true must
   * be followed by one false. Off, handlers cost nothing extra.
   */
  public static void measureThreads(boolean on) {
    if (on) MEASURING.incrementAndGet();
    else MEASURING.decrementAndGet();
  }

  @Override
  public String type() {
    return handler.type();
  }

  @Override
  public AttemptResult execute(ExecutionContext ctx) throws Exception {
    if (MEASURING.get() <= 0) return new AttemptResult.Success(handler.handle(ctx));
    long cpu = THREADS.getCurrentThreadCpuTime();
    long alloc = allocated();
    try {
      Map<String, Object> out = handler.handle(ctx);
      return new AttemptResult.Success(out);
    } finally {
      ctx.measured((THREADS.getCurrentThreadCpuTime() - cpu) / 1e9, alloc >= 0 ? allocated() - alloc : -1);
    }
  }

  private static long allocated() {
    return THREADS instanceof com.sun.management.ThreadMXBean sun ? sun.getCurrentThreadAllocatedBytes() : -1;
  }
}
