package io.taskexec.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.ReportingConfig;
import io.taskexec.reporting.render.Templates;
import io.taskexec.store.StateStore;
import io.taskexec.time.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesTest {
  static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-06-02T00:00:00Z"));
  @TempDir Path dir;

  private String html(Path templates, StateStore s) {
    ReportGenerator g = new ReportGenerator(ReportingConfig.DEFAULT, templates, CLOCK);
    return new String(g.run(s, "Nightly", "state.db", List.of(ReportFormat.HTML)).get(0).content(), StandardCharsets.UTF_8);
  }

  @Test
  void a_users_template_replaces_the_built_in_one_and_may_use_its_partials() throws Exception {
    Path t = dir.resolve("templates");
    Files.createDirectories(t);
    Files.writeString(t.resolve("run.html.mustache"), """
        <html><head>{{> style}}</head><body><h1>Team report: {{meta.title}}</h1>
        <p>{{summary.succeeded_text}} of {{summary.tasks_text}} succeeded</p>{{{charts.states}}}</body></html>
        """);
    try (StateStore s = Stores.withRun(dir.resolve("db"), 40, 2, new SyntheticRun())) {
      String html = html(t, s);
      assertThat(html).contains("<h1>Team report: Nightly</h1>").contains("of 40 succeeded").contains("<svg")
          .contains("@page"); // the built-in partial
    }
  }

  @Test
  void without_a_users_template_the_built_in_one_is_used() throws Exception {
    Path t = dir.resolve("templates");
    Files.createDirectories(t);
    Files.writeString(t.resolve("task.html.mustache"), "only the task template is the user's");
    try (StateStore s = Stores.withRun(dir.resolve("db"), 10, 1, new SyntheticRun())) {
      assertThat(html(t, s)).contains("<h2>Critical path</h2>");
      assertThat(html(dir.resolve("no-such-dir"), s)).contains("<h2>Critical path</h2>");
    }
  }

  @Test
  void a_template_error_names_the_template_and_the_line() throws Exception {
    Path t = dir.resolve("templates");
    Files.createDirectories(t);
    Files.writeString(t.resolve("run.html.mustache"), """
        <html>
        <body>
        {{#summary}}
        <p>{{tasks_text}}</p>
        {{/counts}}
        </body></html>
        """);
    try (StateStore s = Stores.withRun(dir.resolve("db"), 5, 1, new SyntheticRun())) {
      assertThatThrownBy(() -> html(t, s))
          .isInstanceOf(ReportException.class)
          .hasMessageStartingWith("template run.html.mustache (" + t.resolve("run.html.mustache").toAbsolutePath() + "), line 5: ")
          .hasMessageContaining("summary")
          .hasMessageContaining("fix the template or remove it to use the built-in one");
    }
  }

  @Test
  void a_template_cannot_reach_java_methods_or_fields() throws Exception {
    Path t = dir.resolve("templates");
    Files.createDirectories(t);
    Files.writeString(t.resolve("probe.mustache"),
        "[{{meta.title.class}}][{{meta.title.bytes}}][{{#meta.title}}{{class.classLoader}}{{hashCode}}{{length}}{{/meta.title}}][{{meta.title}}]");
    String out = new Templates(t).render("probe", Map.of("meta", Map.of("title", "Nightly")));
    assertThat(out).isEqualTo("[][][][Nightly]");
  }

  @Test
  void values_are_escaped_so_a_task_id_cannot_inject_markup() {
    Path t = dir.resolve("templates");
    String out = new Templates(t).render("style", Map.of()); // a built-in partial renders on its own
    assertThat(out).contains("<style");
    assertThat(new Templates(null).render("run.html", Map.of("meta", Map.of("title", "<script>alert(1)</script>"))))
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
  }

  @Test
  void a_missing_template_is_named() {
    assertThatThrownBy(() -> new Templates(null).render("daily.html", Map.of()))
        .isInstanceOf(ReportException.class).hasMessageContaining("daily.html.mustache");
  }
}
