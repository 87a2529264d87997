package io.taskexec.reporting.deliver;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.taskexec.config.ReportingConfig.Exchange;
import java.time.Duration;
import java.util.Map;

/**
 * Publishes each report to the durable topic exchange {@value #EXCHANGE} with routing key
 * {@code report.<kind>}, persistent, with publisher confirms: delivered means the broker took it.
 * One connection per delivery (reports are rare; no connection is held while idle).
 */
public final class ExchangeTarget implements Target {
  public static final String EXCHANGE = "tasks";
  private final Exchange config;

  public ExchangeTarget(Exchange config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "exchange";
  }

  @Override
  public void deliver(Delivery d, Duration timeout) throws Exception {
    ConnectionFactory f = new ConnectionFactory();
    f.setUri(config.uri());
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    f.setConnectionTimeout(ms);
    f.setHandshakeTimeout(ms);
    f.setAutomaticRecoveryEnabled(false);
    try (Connection c = f.newConnection("taskexec-reports"); Channel ch = c.createChannel()) {
      ch.exchangeDeclare(EXCHANGE, BuiltinExchangeType.TOPIC, true);
      ch.confirmSelect();
      AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
          .contentType(d.mediaType())
          .deliveryMode(2)
          .messageId(d.id())
          .type("report." + d.kind())
          .headers(Map.of("file_name", d.fileName(), "format", d.format()))
          .build();
      ch.basicPublish(EXCHANGE, "report." + d.kind(), true, props, d.content());
      ch.waitForConfirmsOrDie(timeout.toMillis());
    }
  }

  @Override
  public String toString() {
    return "exchange " + EXCHANGE + " at " + config;
  }
}
