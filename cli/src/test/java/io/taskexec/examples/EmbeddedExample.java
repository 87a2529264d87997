package io.taskexec.examples;

import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.engine.TaskHandle;
import io.taskexec.engine.TaskResult;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * taskexec as a library: an engine inside your JVM with your own task type next to the built-in
 * {@code shell}. Three in-process tasks and one shell task that runs after them.
 */
public final class EmbeddedExample {
  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("taskexec-embedded");
    try (TaskExecutionEngine engine = TaskExecutionEngine.builder()
        .handler(new WordCountHandler())       // tasks of type "word-count" run in this JVM
        .dataDirectory(data)                   // logs go to <data>/logs/<task-id>/
        .build()) {
      List<Task> tasks = List.of(
          Task.builder("count-poem", "word-count").cpu(0.5).memoryGb(0.1).storageGb(0.1).priority(5)
              .param("text", "The fog comes\non little cat feet.").build(),
          Task.builder("count-prose", "word-count").cpu(0.5).memoryGb(0.1).storageGb(0.1)
              .param("text", "It was the best of times,\nit was the worst of times.").build(),
          Task.builder("count-empty", "word-count").cpu(0.5).memoryGb(0.1).storageGb(0.1)
              .param("text", "").retry(RetryPolicy.attempts(2, Duration.ofMillis(100))).build(),
          Task.builder("announce", "shell").cpu(0.5).memoryGb(0.1).storageGb(0.1)
              .command("echo all counted").after("count-poem", "count-prose", "count-empty").build());

      List<TaskHandle> handles = engine.submitAll(tasks); // validated as a batch; throws ValidationException
      for (TaskHandle h : handles) {
        TaskResult r = h.result().join();                 // never completes exceptionally
        System.out.printf("%-12s %-9s attempts=%d output=%s%n", r.taskId(), r.state(), r.attempts().size(), r.output());
      }
    }
  }
}
