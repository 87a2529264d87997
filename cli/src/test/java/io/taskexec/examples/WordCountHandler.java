package io.taskexec.examples;

import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import java.util.Map;

/**
 * An in-process task type: {@code word-count} counts the words of its {@code text} parameter.
 * Handlers are called from many threads at once, so this one keeps no state. Returning normally is
 * success (the map is the task's output); throwing is a failure, retried as the task's retry policy
 * says.
 */
public final class WordCountHandler implements TaskHandler {
  @Override
  public String type() {
    return "word-count";
  }

  @Override
  public Map<String, Object> handle(ExecutionContext ctx) {
    Object text = ctx.task().params().get("text");
    if (!(text instanceof String s)) throw new IllegalArgumentException("word-count needs a text parameter");
    String[] lines = s.split("\n");
    long words = 0;
    for (int i = 0; i < lines.length; i++) {
      if (ctx.isCancelled()) throw new IllegalStateException("cancelled");
      String line = lines[i].strip();
      if (!line.isEmpty()) words += line.split("\\s+").length;
      ctx.progress((i + 1.0) / lines.length, null);
    }
    ctx.metric("words", words);
    return Map.of("words", words, "lines", lines.length);
  }
}
