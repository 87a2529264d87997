package io.taskexec.reporting.deliver;

import io.taskexec.config.ReportingConfig.Webhook;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * POSTs each report to a URL: the body is the report, {@code Content-Type} its media type, and the
 * headers {@code X-Taskexec-Report-Id}, {@code X-Taskexec-Report-Kind},
 * {@code X-Taskexec-Report-File}, the configured ones and {@code Authorization: Bearer} when a
 * token is set. Any 2xx is delivered; anything else is a failure (retried).
 */
public final class WebhookTarget implements Target {
  private final Webhook config;
  private final HttpClient http;

  public WebhookTarget(Webhook config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String name() {
    return "webhook";
  }

  @Override
  public void deliver(Delivery d, Duration timeout) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(config.url()))
        .timeout(timeout)
        .header("Content-Type", d.mediaType())
        .header("X-Taskexec-Report-Id", d.id())
        .header("X-Taskexec-Report-Kind", d.kind())
        .header("X-Taskexec-Report-File", d.fileName())
        .POST(HttpRequest.BodyPublishers.ofByteArray(d.content()));
    for (Map.Entry<String, String> h : config.headers().entrySet()) b.header(h.getKey(), h.getValue());
    if (config.token() != null) b.header("Authorization", "Bearer " + config.token());
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      String body = r.body() == null ? "" : r.body().strip();
      throw new IOException("webhook " + config.url() + " answered " + r.statusCode()
          + (body.isEmpty() ? "" : ": " + (body.length() > 200 ? body.substring(0, 200) + "..." : body)));
    }
  }

  @Override
  public String toString() {
    return "webhook " + config.url();
  }
}
