package io.taskexec.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * Where a command writes and what it may assume about its surroundings. {@link Main#main} passes
 * the real streams; tests pass their own and get no terminal and no signal handlers.
 *
 * @param terminal stderr is an interactive terminal that understands ANSI escapes
 * @param handleSignals whether {@code run} may install a shutdown hook for Ctrl-C
 * @param env the environment (TERM, COLUMNS, NO_COLOR)
 */
record Io(PrintStream out, PrintStream err, boolean terminal, boolean handleSignals, Map<String, String> env) {

  static Io system() {
    Map<String, String> env = System.getenv();
    String term = env.getOrDefault("TERM", "");
    // ./taskexec says whether stderr is a terminal; without it, the console (stdin and stdout) tells
    String stderrTty = System.getProperty("taskexec.stderr.tty");
    boolean tty = stderrTty != null ? Boolean.parseBoolean(stderrTty) && isTerminal(System.console())
        : isTerminal(System.console());
    boolean terminal = tty && !term.isEmpty() && !term.equals("dumb");
    return new Io(System.out, System.err, terminal, true, env);
  }

  /**
   * From JDK 22 on, {@code System.console()} is not null even when the streams are redirected;
   * {@code Console.isTerminal()} (22+) tells. On 21, a non-null console means a terminal.
   */
  private static boolean isTerminal(java.io.Console console) {
    if (console == null) return false;
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  static Io of(PrintStream out, PrintStream err) {
    return new Io(out, err, false, false, Map.of());
  }

  /** Colors only on a terminal, and never when NO_COLOR is set (no-color.org). */
  boolean color() {
    return terminal && !env.containsKey("NO_COLOR");
  }
}
