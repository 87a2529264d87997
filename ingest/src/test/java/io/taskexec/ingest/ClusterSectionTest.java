package io.taskexec.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.ClusterConfig;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterSectionTest {
  @Test
  void without_a_cluster_section_the_server_is_not_clustered() {
    ClusterConfig c = ConfigReader.read("task_execution: {}\n", "c.yaml").cluster();
    assertThat(c).isEqualTo(ClusterConfig.DEFAULT);
    assertThat(c.enabled()).isFalse();
    assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void every_key_of_the_cluster_section_is_read() {
    ClusterConfig c = ConfigReader.read("""
        task_execution:
          cluster:
            amqp_uri: amqp://tx:secret@mq.example.com:5672/prod
            heartbeat_interval: 1s
            heartbeat_timeout: 6s
            leader_lease: 20s
            coordinator_id: coord-a
            agent_id: gpu-node-7
            labels: {zone: eu-west-1a, kind: gpu}
            metrics_host: 0.0.0.0
            metrics_port: 9464
        """, "c.yaml").cluster();
    assertThat(c).isEqualTo(new ClusterConfig(true, "amqp://tx:secret@mq.example.com:5672/prod", Duration.ofSeconds(1),
        Duration.ofSeconds(6), Duration.ofSeconds(20), "coord-a", "gpu-node-7", Map.of("zone", "eu-west-1a", "kind", "gpu"),
        "0.0.0.0", 9464));
    assertThat(c.agentMetrics()).isTrue();
  }

  @Test
  void an_empty_cluster_section_turns_cluster_mode_on_with_the_defaults() {
    ClusterConfig c = ConfigReader.read("task_execution:\n  cluster: {}\n", "c.yaml").cluster();
    assertThat(c.enabled()).isTrue();
    assertThat(c.amqpUri()).isEqualTo(ClusterConfig.DEFAULT.amqpUri());
    assertThat(c.agentId()).isNull();
    assertThat(c.agentMetrics()).as("an agent serves /metrics only when asked to").isFalse();
    assertThat(c.metricsHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void an_agent_metrics_port_out_of_range_is_reported_with_a_fix() {
    List<Problem> problems = ConfigReader.check("""
        task_execution:
          cluster:
            metrics_port: 70000
        """, "c.yaml");
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.path()).isEqualTo("task_execution.cluster.metrics_port");
      assertThat(p.message()).contains("70000");
      assertThat(p.hint()).contains("metrics_port: 9464");
    });
  }

  @Test
  void bad_values_are_reported_together_with_their_line_and_a_fix() {
    String yaml = """
        task_execution:
          cluster:
            amqp_uri: http://mq:5672
            heartbeat_interval: 5s
            heartbeat_timeout: 2s
            agent_id: "gpu node/1"
            labels: {zone: [a, b]}
            leader: 3s
        """;
    List<Problem> problems = ConfigReader.check(yaml, "c.yaml");
    assertThat(problems).extracting(Problem::path).contains("task_execution.cluster.amqp_uri",
        "task_execution.cluster.heartbeat_timeout", "task_execution.cluster.agent_id", "task_execution.cluster.labels.zone",
        "task_execution.cluster.leader");
    assertThat(problems).filteredOn(p -> p.path().endsWith("amqp_uri")).singleElement().satisfies(p -> {
      assertThat(p.message()).contains("must start with amqp://");
      assertThat(p.location().line()).isEqualTo(3);
      assertThat(p.hint()).contains("amqp://guest:guest@127.0.0.1:5672/%2F");
    });
    assertThat(problems).filteredOn(p -> p.path().endsWith("heartbeat_timeout")).singleElement()
        .satisfies(p -> assertThat(p.message()).contains("must be longer than heartbeat_interval"));
    assertThatThrownBy(() -> ConfigReader.read(yaml, "c.yaml")).isInstanceOf(ValidationException.class);
  }
}
