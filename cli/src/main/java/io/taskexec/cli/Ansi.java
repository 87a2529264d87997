package io.taskexec.cli;

import io.taskexec.task.TaskState;

/** ANSI escapes, or nothing when colors are off. */
record Ansi(boolean on) {
  static final String RESET = "\u001b[0m";

  String green(String s) {
    return paint("32", s);
  }

  String red(String s) {
    return paint("31", s);
  }

  String yellow(String s) {
    return paint("33", s);
  }

  String cyan(String s) {
    return paint("36", s);
  }

  String dim(String s) {
    return paint("2", s);
  }

  String bold(String s) {
    return paint("1", s);
  }

  /** The color of a state wherever states are shown. */
  String state(TaskState state, String text) {
    return switch (state) {
      case SUCCEEDED -> green(text);
      case FAILED, TIMED_OUT, UPSTREAM_FAILED, DEADLINE_MISSED -> red(text);
      case CANCELLED, SKIPPED, RETRYING -> yellow(text);
      case RUNNING -> cyan(text);
      case PENDING, READY, PLACED -> dim(text);
    };
  }

  private String paint(String code, String s) {
    return on ? "\u001b[" + code + "m" + s + RESET : s;
  }
}
