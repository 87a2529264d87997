package io.taskexec.execute;

import io.taskexec.error.FailureKind;
import io.taskexec.task.Task;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Type {@code shell}: a real process. {@code command} is a string run by {@code sh -c};
 * {@code args} is a list run as is. {@code env} adds variables, {@code working_dir} sets the
 * directory. stdout and stderr go to {@code attempt-N.stdout} / {@code attempt-N.stderr} in the
 * attempt's log directory. Cancellation and timeouts kill the whole process tree: TERM first, KILL
 * after a grace period.
 */
public final class ShellExecutor implements TaskExecutor {
  private final Duration killGrace;

  public ShellExecutor() {
    this(Duration.ofSeconds(3));
  }

  public ShellExecutor(Duration killGrace) {
    this.killGrace = killGrace;
  }

  @Override
  public String type() {
    return "shell";
  }

  @Override
  public List<ParamProblem> validate(Task task) {
    Map<String, Object> p = task.params();
    List<ParamProblem> problems = new ArrayList<>();
    Object command = p.get("command");
    Object args = p.get("args");
    if (command == null && args == null) {
      problems.add(new ParamProblem("command", "a shell task needs a command or args",
          "add command: \"echo hello\" (run by sh -c) or args: [\"echo\", \"hello\"]"));
    } else if (command != null && args != null) {
      problems.add(new ParamProblem("args", "give either command or args, not both", "keep one of them"));
    } else if (command != null && (!(command instanceof String s) || s.isBlank())) {
      problems.add(new ParamProblem("command", "command must be a non-empty string", "write command: \"make all\""));
    } else if (args != null && (!(args instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(a -> a instanceof String))) {
      problems.add(new ParamProblem("args", "args must be a non-empty list of strings", "write args: [\"python3\", \"job.py\"]"));
    }
    Object env = p.get("env");
    if (env != null && !(env instanceof Map<?, ?>)) {
      problems.add(new ParamProblem("env", "env must be a map of names to values", "write env: {NAME: value}"));
    }
    Object wd = p.get("working_dir");
    if (wd != null && !(wd instanceof String)) {
      problems.add(new ParamProblem("working_dir", "working_dir must be a path string", "write working_dir: /tmp/work"));
    }
    return problems;
  }

  @Override
  public AttemptResult execute(ExecutionContext ctx) throws InterruptedException {
    Task task = ctx.task();
    Path out = ctx.logDirectory().resolve("attempt-" + ctx.attempt() + ".stdout");
    Path err = ctx.logDirectory().resolve("attempt-" + ctx.attempt() + ".stderr");
    ProcessBuilder pb = new ProcessBuilder(commandLine(task.params()));
    // stdout goes through a pipe: copied to its log file as written, protocol lines parsed on the way
    pb.redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    pb.environment().putAll(ctx.environment());
    if (task.params().get("env") instanceof Map<?, ?> env) {
      env.forEach((k, v) -> pb.environment().put(String.valueOf(k), String.valueOf(v)));
    }
    if (task.params().get("working_dir") instanceof String wd) {
      Path dir = Path.of(wd);
      if (!Files.isDirectory(dir)) {
        return AttemptResult.failure(FailureKind.LAUNCH_FAILED, "working_dir " + wd + " does not exist");
      }
      pb.directory(dir.toFile());
    }
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      return AttemptResult.failure(FailureKind.LAUNCH_FAILED, "could not start " + pb.command().get(0) + ": " + e.getMessage());
    }
    Thread copier = copyStdout(process, out, ctx);
    ctx.launched(process.toHandle());
    ctx.onCancel(() -> killTree(process));
    try {
      int code = process.waitFor();
      // a child left running in the background may hold stdout open: do not wait for it long
      copier.join(Duration.ofSeconds(2));
      if (code == 0) return AttemptResult.EXIT_0;
      String tail = lastLine(err);
      FailureKind kind = code == 127 || code == 126 ? FailureKind.LAUNCH_FAILED : FailureKind.NONZERO_EXIT;
      String msg = "exit code " + code + (tail.isEmpty() ? "" : ": " + tail);
      return new AttemptResult.Failure(kind, msg, code, null);
    } catch (InterruptedException e) {
      killTree(process);
      process.waitFor(killGrace.toMillis() + 1000, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  /**
   * Copies the process's stdout to {@code file} as it is written and feeds it to the
   * {@link StdoutProtocol} ({@code ::progress}, {@code ::metric} lines) on a thread of its own.
   */
  private static Thread copyStdout(Process process, Path file, ExecutionContext ctx) {
    StdoutProtocol protocol = new StdoutProtocol(ctx::progress, ctx::metric);
    return Thread.ofVirtual().name("taskexec-stdout-" + process.pid()).start(() -> {
      try (java.io.InputStream in = process.getInputStream();
           java.io.OutputStream log = Files.newOutputStream(file)) {
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
          log.write(buf, 0, n);
          protocol.feed(buf, 0, n);
        }
        protocol.end();
      } catch (IOException e) {
        // the process was killed or its stream closed: what was read is in the log
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(ShellExecutor.class).warn("stdout of process {} could not be copied", process.pid(), e);
      }
    });
  }

  private static List<String> commandLine(Map<String, Object> params) {
    if (params.get("command") instanceof String command) return List.of("sh", "-c", command);
    List<String> args = new ArrayList<>();
    for (Object a : (List<?>) params.get("args")) args.add(String.valueOf(a));
    return args;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /**
   * Kills the process and every descendant. Descendants are listed before anything is killed, so
   * that children orphaned by their parent's death are still found; TERM first, KILL after the
   * grace period on a separate thread (cancel hooks must not block).
   */
  void killTree(Process process) {
    killTree(process.toHandle(), killGrace);
  }

  /** Kills {@code root} and its descendants: TERM, then KILL after {@code grace}. Does not block. */
  public static void killTree(ProcessHandle root, Duration grace) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(root);
    for (ProcessHandle h : all) h.destroy();
    Thread.ofVirtual().name("taskexec-kill-" + root.pid()).start(() -> {
      long deadline = System.nanoTime() + grace.toNanos();
      for (ProcessHandle h : all) {
        try {
          long left = deadline - System.nanoTime();
          if (left > 0) h.onExit().get(left, TimeUnit.NANOSECONDS);
        } catch (Exception ignored) {
          // still alive: killed below
        }
        // children started between the listing and now
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        h.destroyForcibly();
      }
    });
  }

  private static String lastLine(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, 2048);
      byte[] buf = new byte[n];
      f.seek(len - n);
      f.readFully(buf);
      String s = new String(buf, StandardCharsets.UTF_8).strip();
      int nl = s.lastIndexOf('\n');
      String line = nl >= 0 ? s.substring(nl + 1) : s;
      return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    } catch (IOException e) {
      return "";
    }
  }
}
