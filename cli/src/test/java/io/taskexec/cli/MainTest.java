package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void version_prints_the_project_version() {
    Cli cli = Cli.run("version");

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).startsWith("taskexec 0.").contains("java ");
  }

  @Test
  void no_command_shows_the_usage_and_exits_2() {
    Cli cli = Cli.run();

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).contains("a command is required").contains("run").contains("validate");
  }

  @Test
  void an_unknown_option_is_invalid_input() {
    Cli cli = Cli.run("run", "--frobnicate", "x.yaml");

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).contains("--frobnicate");
  }

  @Test
  void help_lists_the_commands() {
    Cli cli = Cli.run("--help");

    assertThat(cli.exitCode()).isZero();
    assertThat(cli.out()).contains("run").contains("validate").contains("version").contains("Exit codes");
  }

  @Test
  void an_internal_error_is_one_line_and_points_at_debug() {
    int code = Main.failed(new IllegalStateException("boom"), false, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    var err = new java.io.ByteArrayOutputStream();
    Main.failed(new IllegalStateException("boom"), false, new java.io.PrintStream(err, true));

    assertThat(code).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(err.toString()).isEqualTo("taskexec: internal error: java.lang.IllegalStateException: boom\n"
        + "run with --debug for the stack trace\n");
  }

  @Test
  void debug_is_accepted_after_the_subcommand_too() {
    Io io = Io.of(System.out, System.err);
    Main main = new Main(io);

    Main.commandLine(main, io).parseArgs("run", "x.yaml", "--debug");

    assertThat(main.debug).isTrue();
  }
}
