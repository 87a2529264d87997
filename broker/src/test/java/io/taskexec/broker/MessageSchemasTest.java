package io.taskexec.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.taskexec.engine.AttemptReport;
import io.taskexec.engine.Placement;
import io.taskexec.error.FailureKind;
import io.taskexec.execute.AttemptResult;
import io.taskexec.place.AgentSpec;
import io.taskexec.place.Allocation;
import io.taskexec.task.Requirements;
import io.taskexec.task.Task;
import io.taskexec.validate.Problem;
import io.taskexec.validate.SourceLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The JSON Schemas of docs/amqp: their examples validate, and so does every message {@link Wire} writes. */
class MessageSchemasTest {
  static final Path DOCS = Path.of(System.getProperty("user.dir")).resolve("../docs/amqp").normalize();
  static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemas(id -> id.startsWith("https://taskexec.io/amqp/") ? read(DOCS.resolve(id.substring(25))) : null));
  static final Instant T = Instant.parse("2026-11-25T01:00:00Z");

  static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> errors(String schema, String json) {
    Schema s = REGISTRY.getSchema(com.networknt.schema.SchemaLocation.of("https://taskexec.io/amqp/" + schema + ".schema.json"));
    return s.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  static List<String> errors(String schema, byte[] json) {
    return errors(schema, new String(json, StandardCharsets.UTF_8));
  }

  static Stream<Path> examples() throws IOException {
    return Files.list(DOCS.resolve("examples")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_validates_against_its_schema(Path example) {
    String name = example.getFileName().toString().replace(".json", "").replaceFirst("-.*", "");
    assertThat(errors(name, read(example))).as(example.toString()).isEmpty();
  }

  @Test
  void a_message_that_breaks_its_schema_is_caught() {
    assertThat(errors("status", "{\"task_id\": \"x\", \"attempt\": 1, \"event\": \"STARTED\", \"at\": \"2026-01-01T00:00:00Z\"}"))
        .anyMatch(e -> e.contains("state"));
    assertThat(errors("reports", "{\"agent_id\": \"a\", \"incarnation\": \"i\", \"reports\": [{\"task_id\": \"t\","
        + " \"attempt\": 1, \"kind\": \"ended\", \"ended_at\": \"2026-01-01T00:00:00Z\", \"outcome\": \"failed\"}]}"))
        .isNotEmpty(); // a failure without its kind
  }

  static Task task() {
    return Task.builder("nightly-export", "shell").cpu(1).memoryGb(0.5).storageGb(1).command("echo hi")
        .timeout(java.time.Duration.ofMinutes(10)).build();
  }

  @Test
  void placements_and_cancels_as_written_validate_and_read_back() {
    Placement p = new Placement(task(), 2, new Allocation("nightly-export", 2, "gpu-1", new Requirements(1, 0.5, 1, 1), List.of(3)));
    byte[] json = Wire.placements(7, "inc-1", List.of(p));
    assertThat(errors("placements", json)).isEmpty();
    Wire.PlacementBatch b = Wire.readPlacements(json, "gpu-1");
    assertThat(b.epoch()).isEqualTo(7);
    assertThat(b.incarnation()).isEqualTo("inc-1");
    assertThat(b.placements()).containsExactly(p);

    Wire.Cancel c = new Wire.Cancel(7, "inc-1", "nightly-export", 2, FailureKind.TIMEOUT);
    assertThat(errors("cancel", Wire.cancel(c))).isEmpty();
    assertThat(Wire.readCancel(Wire.cancel(c))).isEqualTo(c);
  }

  @Test
  void heartbeats_as_written_validate_and_read_back() {
    Wire.Heartbeat h = new Wire.Heartbeat(new AgentSpec("gpu-1", 16, 64, 500, List.of(0, 1), Map.of("zone", "a")), "inc-1",
        List.of(new Wire.Running("t", 1)), false);
    assertThat(errors("heartbeat", Wire.heartbeat(h))).isEmpty();
    assertThat(Wire.readHeartbeat(Wire.heartbeat(h))).isEqualTo(h);
  }

  @Test
  void reports_of_every_kind_validate_and_read_back() {
    List<AttemptReport> all = List.of(
        new AttemptReport.Started("t", 1, T),
        new AttemptReport.Launched("t", 1, 4242, 1795568400000L),
        new AttemptReport.Progress("t", 1, 0.25, "a quarter"),
        new AttemptReport.Sample("t", 1, "cpu", 1.5),
        new AttemptReport.Ended("t", 1, T, T.plusSeconds(2), new AttemptResult.Success(Map.of("rows", 12), 0), "/logs/t"),
        new AttemptReport.Ended("u", 3, null, T, new AttemptResult.Failure(FailureKind.HANDLER_EXCEPTION, "boom", null,
            "java.lang.IllegalStateException"), null));
    byte[] json = Wire.reports("gpu-1", "inc-1", all);
    assertThat(errors("reports", json)).isEmpty();
    assertThat(Wire.readReports(json)).isEqualTo(new Wire.ReportBatch("gpu-1", "inc-1", all));
  }

  @Test
  void status_messages_validate_both_for_a_state_change_and_a_refusal() {
    assertThat(errors("status", Wire.status("t", 1, "SUCCEEDED", "SUCCEEDED", T, "a1", null, 0, null))).isEmpty();
    assertThat(errors("status", Wire.status("t", 2, "RETRYING", "RETRYING", T, "a1", "exit code 1", 1, "NONZERO_EXIT"))).isEmpty();
    byte[] rejected = Wire.rejected("bad", T, List.of(new Problem(new SourceLocation("<amqp submit>", 1, 9), "task.type",
        "unknown task type 'shel'", "write shell")), "the submitted task is invalid");
    assertThat(errors("status", rejected)).isEmpty();
  }

  @Test
  void a_status_message_with_earlier_changes_of_its_task_validates_and_puts_the_latest_on_top() throws IOException {
    List<StatusMessage.Change> changes = List.of(
        new StatusMessage.Change("t", 1, "PLACED", "PLACED", T, "a1", null, null, null),
        new StatusMessage.Change("t", 1, "RUNNING", "STARTED", T.plusMillis(8), "a1", null, null, null),
        new StatusMessage.Change("t", 1, "SUCCEEDED", "SUCCEEDED", T.plusSeconds(2), "a1", null, 0, null));
    byte[] json = StatusMessage.encode(changes);
    assertThat(errors("status", json)).isEmpty();
    Map<?, ?> m = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, Map.class);
    assertThat(m.get("state")).isEqualTo("SUCCEEDED");
    assertThat(m.get("at")).isEqualTo("2026-11-25T01:00:02Z");
    assertThat(m.get("exit_code")).isEqualTo(0);
    List<Object> earlier = ((List<?>) m.get("earlier")).stream().map(e -> ((Map<?, ?>) e).get("state")).map(Object.class::cast).toList();
    assertThat(earlier).containsExactly("PLACED", "RUNNING");
    assertThat(((Map<?, ?>) ((List<?>) m.get("earlier")).get(1)).get("at")).isEqualTo("2026-11-25T01:00:00.008Z");
    assertThat(changes.get(2).messageId()).isEqualTo("t/1/SUCCEEDED");
    assertThat(changes.get(2).terminal()).isTrue();
    assertThat(changes.get(1).terminal()).isFalse();
  }

  @Test
  void one_status_message_is_about_one_task() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StatusMessage.encode(List.of(
        new StatusMessage.Change("t", 1, "PLACED", "PLACED", T, "a1", null, null, null),
        new StatusMessage.Change("u", 1, "RUNNING", "STARTED", T, "a1", null, null, null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("t and u");
  }

  @Test
  void the_state_changes_of_an_event_pack_are_read_and_its_silent_events_skipped() {
    // [offset, seq, attempt, type, state, at_ns, agent_id, message, exit_code, failure, data], trailing nulls left out
    String body = "[[0,7,1,\"PLACED\",\"PLACED\",1795568400000000000,\"a1\"],"
        + "[3,8,1,\"PROGRESS\",\"RUNNING\",1795568400100000000,\"a1\",\"half\",null,null,{\"fraction\":0.5}],"
        + "[5,9,1,\"FAILED\",\"FAILED\",1795568401000000001,\"a1\",\"exit code 3\",3,\"NONZERO_EXIT\",{\"k\":[1,2]}]]";
    List<StatusMessage.Change> out = new java.util.ArrayList<>();
    PackChanges.read("t", body, out);
    assertThat(out).containsExactly(
        new StatusMessage.Change("t", 1, "PLACED", "PLACED", Instant.ofEpochSecond(1795568400L), "a1", null, null, null),
        new StatusMessage.Change("t", 1, "FAILED", "FAILED", Instant.ofEpochSecond(1795568401L, 1), "a1", "exit code 3", 3,
            "NONZERO_EXIT"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PackChanges.read("t", "{\"not\": \"a pack\"}", out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event pack of task t");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2026-11-25T01:00:00Z", "2026-11-25T01:00:04.500Z",
      "1970-01-01T00:00:00.000001Z", "2024-02-29T23:59:59.123456789Z", "9999-12-31T23:59:59.999Z"})
  void instants_are_written_as_instant_writes_them_and_read_back(String text) {
    Instant t = Instant.parse(text);
    assertThat(Times.format(t)).isEqualTo(t.toString());
    assertThat(Times.parse(t.toString())).isEqualTo(t);
  }

  @Test
  void instants_in_other_iso_forms_are_read_by_the_general_parser_and_nonsense_is_refused() {
    assertThat(Times.parse("2026-11-25T01:00:04.5Z")).isEqualTo(Instant.parse("2026-11-25T01:00:04.500Z"));
    assertThat(Times.parse("2026-11-25T02:00:00+01:00")).isEqualTo(Instant.parse("2026-11-25T01:00:00Z"));
    assertThat(Times.format(Instant.parse("+12026-01-01T00:00:00Z"))).isEqualTo("+12026-01-01T00:00:00Z");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Times.parse("2026-02-30T01:00:00Z"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Times.parse("2026-11-25T25:00:00Z"))
        .isInstanceOf(java.time.format.DateTimeParseException.class);
  }
}
