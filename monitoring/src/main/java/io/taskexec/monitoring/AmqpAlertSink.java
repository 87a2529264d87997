package io.taskexec.monitoring;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;

/**
 * Publishes each alert to the durable topic exchange {@code tasks} with routing key
 * {@code alert.<rule>}, as a persistent JSON message, and waits for the broker's confirm (at most
 * 5 s). Connects on first use and again after a connection is lost.
 */
final class AmqpAlertSink implements AlertSink {
  static final String EXCHANGE = "tasks";
  private final ConnectionFactory factory = new ConnectionFactory();
  private Connection connection;
  private Channel channel;

  AmqpAlertSink(String uri) {
    try {
      factory.setUri(uri);
    } catch (Exception e) {
      throw new IllegalArgumentException("amqp_uri " + uri + " is not a valid AMQP URI: " + e.getMessage(), e);
    }
    factory.setConnectionTimeout(5000);
    factory.setAutomaticRecoveryEnabled(false);
  }

  @Override
  public synchronized void deliver(Alert a) throws Exception {
    if (channel == null || !channel.isOpen()) connect();
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().contentType("application/json")
        .deliveryMode(2).type("alert").build();
    channel.basicPublish(EXCHANGE, "alert." + a.rule(), props, a.toJson().getBytes(StandardCharsets.UTF_8));
    channel.waitForConfirmsOrDie(5000);
  }

  private void connect() throws Exception {
    close();
    connection = factory.newConnection("taskexec-alerts");
    channel = connection.createChannel();
    channel.exchangeDeclare(EXCHANGE, "topic", true);
    channel.confirmSelect();
  }

  @Override
  public synchronized void close() {
    try {
      if (connection != null && connection.isOpen()) connection.close(2000);
    } catch (Exception e) {
      // closing anyway
    }
    connection = null;
    channel = null;
  }
}
