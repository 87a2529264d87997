package io.taskexec.engine;

import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Type {@code block}: each attempt waits until the test calls {@link #release()} (30 s at most). */
final class BlockingHandler implements TaskHandler {
  private final CountDownLatch release = new CountDownLatch(1);

  @Override
  public String type() {
    return "block";
  }

  @Override
  public Map<String, Object> handle(ExecutionContext ctx) throws Exception {
    release.await(30, TimeUnit.SECONDS);
    return Map.of();
  }

  void release() {
    release.countDown();
  }
}
