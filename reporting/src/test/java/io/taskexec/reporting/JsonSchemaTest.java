package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.taskexec.config.ReportingConfig;
import io.taskexec.store.StateStore;
import io.taskexec.time.ManualClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON of every report kind validates against its shipped schema; a broken one does not. */
class JsonSchemaTest {
  static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemas(id -> id.startsWith("https://taskexec.io/schemas/") ? read(id.substring(28).replace("-1.json", ".schema.json")) : null));
  @TempDir static Path dir;
  static String run, task, accounting;

  static String read(String name) {
    try (InputStream in = JsonSchemaTest.class.getResourceAsStream("/io/taskexec/reporting/schema/" + name)) {
      if (in == null) throw new IllegalStateException("no schema " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> errors(String kind, String json) {
    Schema s = REGISTRY.getSchema(SchemaLocation.of("https://taskexec.io/schemas/" + kind + "-report-1.json"));
    return s.validate(json, InputFormat.JSON).stream().map(Object::toString).toList();
  }

  @BeforeAll
  static void reports() throws IOException {
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, null, new ManualClock(Instant.parse("2026-06-02T00:00:00Z")));
    try (StateStore s = Stores.withRun(dir, 300, 3, new SyntheticRun())) {
      run = text(g.run(s, "run", "state.db", List.of(ReportFormat.JSON)));
      task = text(g.task(s, "t000002", "state.db", dir, List.of(ReportFormat.JSON)));
      accounting = text(g.accounting(s, Instant.parse("2026-06-01T08:10:00Z"), null, "state.db", List.of(ReportFormat.JSON)));
    }
  }

  static String text(List<Report> r) {
    return new String(r.get(0).content(), StandardCharsets.UTF_8);
  }

  @Test
  void the_run_report_validates() {
    assertThat(errors("run", run)).isEmpty();
    assertThat(run).contains("\"critical_path\"").contains("\"deadline_misses\"");
  }

  @Test
  void the_task_report_validates() {
    assertThat(errors("task", task)).isEmpty();
  }

  @Test
  void the_accounting_report_validates() {
    assertThat(errors("accounting", accounting)).isEmpty();
    assertThat(accounting).contains("\"from\" : \"2026-06-01T08:10:00Z\"");
  }

  @Test
  void a_report_that_breaks_the_schema_is_caught() throws IOException {
    ObjectNode n = (ObjectNode) new ObjectMapper().readTree(run);
    n.remove("summary");
    ((ObjectNode) n.get("meta")).put("kind", "daily");
    assertThat(errors("run", n.toString())).anyMatch(e -> e.contains("summary")).anyMatch(e -> e.contains("kind"));
  }

  @Test
  void the_schemas_in_the_docs_are_the_shipped_ones() throws IOException {
    Path docs = Path.of(System.getProperty("user.dir")).resolve("../docs/reporting").normalize();
    for (String kind : List.of("run", "task", "accounting")) {
      assertThat(Files.readString(docs.resolve(kind + "-report.schema.json"))).as(kind).isEqualTo(read(kind + "-report.schema.json"));
    }
  }
}
