package io.taskexec.server.http;

import static io.taskexec.server.Fixtures.awaitState;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.taskexec.server.Running;
import io.taskexec.server.Scenarios;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/alerts} on a real server whose monitoring checks its rules every 200 ms with a
 * 10% failure-rate threshold: failing shell tasks make the failure_rate rule fire for real, and it
 * resolves once nothing fails any more.
 */
class AlertsApiTest {
  @TempDir Path dir;

  @Test
  void failing_tasks_make_the_failure_rate_alert_fire_and_then_resolve() {
    try (Running r = Running.start(dir, s -> s, b -> {}, Scenarios.TOUCHY_ALERTS)) {
      JsonNode before = r.get("/api/v1/alerts", "viewer").json();
      assertThat(before.path("source").asText()).isEqualTo("monitoring");
      assertThat(before.path("items")).isEmpty();
      assertThat(before.path("firing").asInt()).isZero();

      Instant submitted = Instant.now();
      assertThat(r.postYaml("/api/v1/runs?run=flaky", "shell", Scenarios.FAILING_RUN).status()).isEqualTo(201);
      for (String id : new String[] {"bad-1", "bad-2", "bad-3"}) awaitState(r, id, TaskState.FAILED);

      JsonNode alert = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
          .until(() -> failureRate(r), a -> a != null);
      assertThat(alert.path("severity").asText()).isEqualTo("warning");
      assertThat(alert.path("threshold").asDouble()).isCloseTo(0.1, within(1e-9));
      assertThat(alert.path("value").asDouble()).as("the measured failure share").isGreaterThan(0.1).isLessThanOrEqualTo(1.0);
      assertThat(alert.path("message").asText()).containsPattern("\\d+ of \\d+ attempts failed in the last 200ms");
      Instant fired = Instant.parse(alert.path("last_fired").asText());
      assertThat(fired).isAfterOrEqualTo(submitted.minusSeconds(1)).isBeforeOrEqualTo(Instant.now().plusSeconds(1));
      assertThat(Instant.parse(alert.path("last_held").asText())).isAfterOrEqualTo(fired);

      // nothing fails any more: at the next checks the rule no longer holds
      JsonNode resolved = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> failureRate(r), a -> a != null && a.path("state").asText().equals("resolved"));
      assertThat(resolved.path("since").isNull()).as("no longer holding").isTrue();
      assertThat(resolved.path("last_fired").asText()).as("it fired once (cooldown 10 min)").isEqualTo(alert.path("last_fired").asText());
      JsonNode firingOnly = r.get("/api/v1/alerts?state=firing", "viewer").json();
      assertThat(firingOnly.path("items").findValuesAsText("rule")).doesNotContain("failure_rate");
      assertThat(r.get("/api/v1/alerts?state=resolved", "viewer").json().path("items").findValuesAsText("rule"))
          .contains("failure_rate");
    }
  }

  @Test
  void a_wrong_state_filter_is_a_precise_400() {
    try (Running r = Running.start(dir)) {
      Running.Response res = r.get("/api/v1/alerts?state=hot", "viewer");
      assertThat(res.status()).isEqualTo(400);
      assertThat(res.contentType()).startsWith("application/problem+json");
      assertThat(res.body()).contains("state must be firing or resolved, got hot");
    }
  }

  private static JsonNode failureRate(Running r) {
    for (JsonNode a : r.get("/api/v1/alerts", "viewer").json().path("items")) {
      if (a.path("rule").asText().equals("failure_rate")) return a;
    }
    return null;
  }
}
