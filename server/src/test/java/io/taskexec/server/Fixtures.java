package io.taskexec.server;

import static org.awaitility.Awaitility.await;

import io.taskexec.task.TaskState;
import java.time.Duration;

/** Task bodies for tests and a way to wait for a task's state through the API. */
public final class Fixtures {
  private Fixtures() {}

  public static final String REQ = "\"requirements\": {\"cpu_cores\": 1, \"memory_gb\": 0.5, \"storage_gb\": 0.1}";

  public static String noop(String id) {
    return "{\"id\": \"" + id + "\", \"type\": \"noop\", " + REQ + "}";
  }

  public static String sleep(String id, String duration) {
    return "{\"id\": \"" + id + "\", \"type\": \"sleep\", \"duration\": \"" + duration + "\", " + REQ + "}";
  }

  public static String shell(String id, String command) {
    return "{\"id\": \"" + id + "\", \"type\": \"shell\", \"command\": \"" + command + "\", " + REQ + "}";
  }

  public static void awaitState(Running r, String id, TaskState state) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
        .until(() -> r.get("/api/v1/tasks/" + id, "admin").json().path("state").asText().equals(state.name()));
  }
}
