package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskexec agent}: user mistakes are exit 2 with a fix and no stack trace. (Running agents: broker's *IT.) */
class AgentCommandTest {
  @TempDir Path dir;

  @Test
  void a_configuration_without_a_cluster_section_is_refused_with_an_example() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), "task_execution: {}\n");
    Cli r = Cli.run("agent", "--config", cfg.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("there is no cluster: section").contains("amqp_uri: amqp://").doesNotContain("Exception");
  }

  @Test
  void a_bad_cluster_section_is_reported_with_file_line_and_fix() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.yaml"), "task_execution:\n  cluster:\n    amqp_uri: mq:5672\n");
    Cli r = Cli.run("agent", "--config", cfg.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("agent.yaml:3:").contains("amqp_uri must start with amqp://");
  }

  @Test
  void an_unreachable_broker_is_named_without_its_password() throws Exception {
    Path cfg = Files.writeString(dir.resolve("agent.yaml"),
        "task_execution:\n  cluster:\n    amqp_uri: amqp://guest:s3cret@127.0.0.1:1/%2F\n    agent_id: a1\n");
    Cli r = Cli.run("agent", "--config", cfg.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(r.err()).contains("cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1/").doesNotContain("s3cret");
  }
}
