package io.taskexec.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code taskexec}: the command tree. Subcommands are added here, one class each; the ones still to
 * come ({@code server}, {@code agent}, {@code submit}, {@code cancel}, {@code report}) join the
 * list when they work.
 */
@Command(
    name = "taskexec",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Runs tasks: checks them, plans them, places them on resources, runs them, reports.",
    footer = {"", "Exit codes: 0 all tasks succeeded, 1 a task did not succeed, 2 invalid input,",
        "3 internal error, 130 interrupted."})
public final class Main implements Callable<Integer> {
  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces and debug logs.")
  boolean debug;

  @Spec CommandSpec spec;

  private final Io io;

  Main(Io io) {
    this.io = io;
  }

  /** {@code taskexec} alone: say what it can do. */
  @Override
  public Integer call() {
    io.err().println("taskexec: a command is required");
    spec.commandLine().usage(io.err());
    return ExitCodes.INVALID_INPUT;
  }

  public static void main(String[] args) {
    configureLogging(Arrays.asList(args).contains("--debug"));
    System.exit(execute(args, Io.system()));
  }

  /** Runs the command line as {@code taskexec args...} would, without terminal or signal handlers. */
  public static int execute(String[] args, PrintStream out, PrintStream err) {
    return execute(args, Io.of(out, err));
  }

  static int execute(String[] args, Io io) {
    Main main = new Main(io);
    int code = commandLine(main, io).execute(args);
    io.out().flush();
    io.err().flush();
    return code;
  }

  /** The command tree; the commands still to come join it here. */
  static CommandLine commandLine(Main main, Io io) {
    CommandLine cli = new CommandLine(main)
        .addSubcommand(new RunCommand(io))
        .addSubcommand(new ValidateCommand(io))
        .addSubcommand(new StatusCommand(io))
        .addSubcommand(new HistoryCommand(io))
        .addSubcommand(new AgentCommand(io))
        .addSubcommand(new ReportCommand(io))
        .addSubcommand(new SimulateCommand(io))
        .addSubcommand(new ExplainCommand(io))
        .addSubcommand(new ServerCommand(io))
        .addSubcommand(new SubmitCommand(io))
        .addSubcommand(new WatchCommand(io))
        .addSubcommand(new CancelCommand(io))
        .addSubcommand(new LogsCommand(io))
        .addSubcommand(new VersionCommand(io))
        .addSubcommand(new CommandLine.HelpCommand());
    cli.setOut(new PrintWriter(io.out(), true));
    cli.setErr(new PrintWriter(io.err(), true));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> failed(e, main.debug, io.err()));
    return cli;
  }

  /** A user mistake: its problems, no stack trace. Anything else: one line, and how to see more. */
  static int failed(Exception e, boolean debug, PrintStream err) {
    if (e instanceof UserError u) {
      if (u.problems().isEmpty()) {
        err.println("taskexec: " + u.getMessage());
      } else {
        u.problems().forEach(p -> err.println(p.format()));
        err.println(u.getMessage());
      }
      return ExitCodes.INVALID_INPUT;
    }
    err.println("taskexec: internal error: " + e);
    if (debug) e.printStackTrace(err);
    else err.println("run with --debug for the stack trace");
    return ExitCodes.INTERNAL_ERROR;
  }

  /**
   * slf4j-simple reads its settings once, before the first logger: set them first thing. The
   * engine's warnings repeat what the event lines and the summary already say, so only errors
   * show unless --debug.
   */
  private static void configureLogging(boolean debug) {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "error");
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
    System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
  }
}
