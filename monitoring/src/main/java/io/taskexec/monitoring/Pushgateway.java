package io.taskexec.monitoring;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Pushes an exposition to a Prometheus Pushgateway: {@code PUT <url>/metrics/job/<job>} with the
 * Prometheus text format, which replaces every metric of the job's group. A short run pushes once
 * at its end, so that its figures outlive it.
 */
final class Pushgateway {
  private final URI target;

  Pushgateway(String url, String job) {
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.target = URI.create(base + "/metrics/job/" + URLEncoder.encode(job, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  void push(Monitoring monitoring) throws IOException, InterruptedException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    monitoring.scrape(body, false);
    try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(10))
          .header("Content-Type", Monitoring.contentType(false))
          .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IOException("the Pushgateway at " + target + " answered " + r.statusCode() + ": " + r.body().strip());
      }
    }
  }

  URI target() {
    return target;
  }
}
