package io.taskexec.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs each alert as JSON to a URL; a non-2xx answer is a failed delivery. Waits at most 10 s. */
final class WebhookAlertSink implements AlertSink {
  private final URI url;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  WebhookAlertSink(String url) {
    this.url = URI.create(url);
  }

  @Override
  public void deliver(Alert a) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(a.toJson())).build();
    HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IOException("webhook " + url + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
