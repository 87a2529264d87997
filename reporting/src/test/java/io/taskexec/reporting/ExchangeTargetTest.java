package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.taskexec.config.ReportingConfig.Exchange;
import io.taskexec.reporting.deliver.Delivery;
import io.taskexec.reporting.deliver.ExchangeTarget;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery to the 'tasks' exchange of the RabbitMQ running here, in a virtual host of its own. */
class ExchangeTargetTest {
  String vhost;

  static void rabbitmqctl(String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "rabbitmqctl";
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("rabbitmqctl failed: " + out);
  }

  @BeforeEach
  void vhost() throws Exception {
    vhost = "reporting-" + UUID.randomUUID();
    rabbitmqctl("add_vhost", vhost);
    rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
  }

  @AfterEach
  void dropVhost() throws Exception {
    rabbitmqctl("delete_vhost", vhost);
  }

  @Test
  void a_report_is_published_to_the_tasks_exchange_with_routing_key_report_kind() throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri("amqp://guest:guest@127.0.0.1:5672/" + vhost);
    try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
      ch.exchangeDeclare("tasks", BuiltinExchangeType.TOPIC, true);
      String q = ch.queueDeclare().getQueue();
      ch.queueBind(q, "tasks", "report.#");
      byte[] body = "<html>report</html>".getBytes();
      new ExchangeTarget(new Exchange("amqp://guest:guest@127.0.0.1:5672/" + vhost))
          .deliver(new Delivery("run-1.html", "run", "html", "run-1.html", "text/html; charset=utf-8", body), Duration.ofSeconds(10));
      GetResponse got = ch.basicGet(q, true);
      assertThat(got).isNotNull();
      assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("report.run");
      assertThat(got.getEnvelope().getExchange()).isEqualTo("tasks");
      assertThat(got.getBody()).isEqualTo(body);
      assertThat(got.getProps().getMessageId()).isEqualTo("run-1.html");
      assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
      assertThat(got.getProps().getHeaders().get("file_name").toString()).isEqualTo("run-1.html");
      assertThat(ch.basicGet(q, true)).as("published once").isNull();
    }
  }
}
