package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The 'tasks' exchange as a client that is not ours uses it: Node's amqplib, installed from npm. */
class TasksExchangeIT {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** amqplib in target/node-client, installed once. */
  static Path nodeClient() throws Exception {
    Path home = Path.of(System.getProperty("user.dir"), "target", "node-client").toAbsolutePath();
    if (!Files.isDirectory(home.resolve("node_modules/amqplib"))) {
      Files.createDirectories(home);
      Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--prefix", home.toString(), "amqplib@0.10")
          .redirectErrorStream(true).start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(npm.waitFor(180, TimeUnit.SECONDS) && npm.exitValue() == 0).as("npm install amqplib: " + out).isTrue();
    }
    Files.copy(TasksExchangeIT.class.getResourceAsStream("/node/follow.js"), home.resolve("follow.js"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return home;
  }

  @Test
  void a_node_client_submits_and_follows_a_task_and_an_invalid_one_is_dead_lettered_with_its_reason() throws Exception {
    Path node = nodeClient();
    try (ClusterEnv env = new ClusterEnv(dir)) {
      ClusterCoordinator c = env.coordinator("c1");
      env.agent("a1", 2);
      await().atMost(Duration.ofSeconds(60)).until(() -> c.agents().size() == 1);

      Process p = new ProcessBuilder("node", "follow.js", env.amqpUri, "from-node", "bad-from-node").directory(node.toFile())
          .redirectError(dir.resolve("node.err").toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out + Files.readString(dir.resolve("node.err")) + "\nagent: " + env.log("agent-a1")
          + "\nengine: " + c.engine().tasks() + "\noutbox: " + env.sql("SELECT count(*) FROM outbox_writes")).isZero();

      List<Map<String, Object>> lines = new ArrayList<>();
      for (String l : out.strip().split("\n")) lines.add(JSON.readValue(l, Map.class));
      List<String> states = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (Map<String, Object> l : lines) {
        @SuppressWarnings("unchecked") Map<String, Object> body = (Map<String, Object>) l.get("body");
        assertThat(MessageSchemasTest.errors("status", JSON.writeValueAsString(body))).as(body.toString()).isEmpty();
        if ("from-node".equals(body.get("task_id")) && ((String) l.get("routing_key")).startsWith("task.status.")) {
          @SuppressWarnings("unchecked") List<Map<String, Object>> earlier =
              (List<Map<String, Object>>) body.getOrDefault("earlier", List.of());
          for (Map<String, Object> e : earlier) states.add((String) e.get("state"));
          states.add((String) body.get("state"));
          ids.add((String) l.get("message_id"));
        }
      }
      // every change once, in order, whether it came alone or with others of the same task
      assertThat(states).containsExactly("PENDING", "READY", "PLACED", "RUNNING", "SUCCEEDED");
      assertThat(ids).doesNotHaveDuplicates().contains("from-node/1/SUCCEEDED");
      @SuppressWarnings("unchecked") Map<String, Object> refusal = lines.stream().map(l -> (Map<String, Object>) l.get("body"))
          .filter(b -> "REJECTED".equals(b.get("state"))).findFirst().orElseThrow();
      assertThat(refusal.get("task_id")).isEqualTo("bad-from-node");
      assertThat(refusal.get("problems").toString()).contains("unknown task type 'shel'").contains("cpu_cores");

      try (Connection conn = Amqp.connect(env.amqpUri, "test"); Channel ch = conn.createChannel()) {
        GetResponse dead = ch.basicGet(Topology.DEAD_LETTER, true);
        assertThat(dead).isNotNull();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).contains("bad-from-node");
        Map<String, Object> h = dead.getProps().getHeaders();
        assertThat(h.get(Topology.REASON_HEADER).toString()).contains("unknown task type 'shel'").contains("cpu_cores must be > 0");
        assertThat(h.get(Topology.ROUTING_KEY_HEADER).toString()).isEqualTo("submit");
        assertThat(ch.basicGet(Topology.DEAD_LETTER, true)).isNull(); // one refusal, one dead letter
      }
      assertThat(env.stored().status("from-node").orElseThrow().state()).isEqualTo(io.taskexec.task.TaskState.SUCCEEDED);
      assertThat(env.stored().task("bad-from-node")).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> env.sql("SELECT count(*) FROM outbox_writes").equals(List.of("0")));
      assertThat(c.submissionsAccepted()).isEqualTo(1);
      assertThat(c.submissionsRejected()).isEqualTo(1);
    }
  }
}
