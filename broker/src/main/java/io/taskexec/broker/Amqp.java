package io.taskexec.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Connections to RabbitMQ that recover by themselves (connection, channels, topology, consumers). */
public final class Amqp {
  private Amqp() {}

  /**
   * Connects to {@code uri} (e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}); {@code name}
   * shows in the management UI. Automatic recovery retries every second after a loss.
   *
   * @throws BrokerException naming the broker when it cannot be reached or refuses the login
   */
  public static Connection connect(String uri, String name) {
    ConnectionFactory f = new ConnectionFactory();
    try {
      f.setUri(uri);
    } catch (Exception e) {
      throw new BrokerException("cluster.amqp_uri " + redact(uri) + " is not an AMQP URI: " + e.getMessage()
          + "; write it as amqp://user:password@host:5672/vhost", e);
    }
    f.setAutomaticRecoveryEnabled(true);
    f.setTopologyRecoveryEnabled(true);
    f.setNetworkRecoveryInterval(1000);
    f.setRequestedHeartbeat(10);
    f.setConnectionTimeout(10_000);
    try {
      return f.newConnection(name);
    } catch (IOException | TimeoutException e) {
      throw new BrokerException("cannot connect to RabbitMQ at " + redact(uri) + ": " + e
          + " (is the broker running, and are the user, password and virtual host right?)", e);
    }
  }

  /** The URI without its password, for messages. */
  public static String redact(String uri) {
    return uri == null ? null : uri.replaceFirst("//([^:/@]+):[^@]*@", "//$1:***@");
  }
}
