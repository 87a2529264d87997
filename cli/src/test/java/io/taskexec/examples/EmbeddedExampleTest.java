package io.taskexec.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Keeps the README's embedded example honest: it compiles and does what it says. */
class EmbeddedExampleTest {
  @Test
  void the_embedded_example_runs_its_handler_and_shell_tasks_to_success() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      EmbeddedExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("count-poem   SUCCEEDED attempts=1")
        .contains("words=7")
        .contains("announce     SUCCEEDED");
  }
}
