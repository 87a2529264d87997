package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path tmp;

  @Test
  void the_quickstart_is_valid_and_counted() {
    Cli cli = Cli.run("validate", Repo.example("quickstart.yaml").toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).isEqualTo("ok: 8 tasks, 11 dependencies, 0 resources\n");
  }

  @Test
  void bad_yaml_lists_every_problem_with_its_line_and_no_stack_trace() {
    String file = Repo.example("bad.yaml").toString();
    Cli cli = Cli.run("validate", file);

    assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.out()).isEmpty();
    List<String> lines = Arrays.asList(cli.err().split("\n"));
    List<String> problems = lines.subList(0, lines.size() - 1);
    assertThat(lines.get(lines.size() - 1)).isEqualTo(problems.size() + " problems in " + file);
    Pattern shape = Pattern.compile(Pattern.quote(file) + ":(\\d+):\\d+: tasks\\[\\d\\]\\S*: .+");
    for (String p : problems) assertThat(p).matches(shape);
    // one mistake per marked line of bad.yaml
    assertThat(problems.stream().map(ValidateCommandTest::line).distinct())
        .contains(7, 13, 16, 19, 21, 24, 26);
    assertThat(cli.err()).contains("'extrct'").contains("'shel'").contains("'priorty'")
        .contains("max_attempts").contains("duplicate id 'extract'")
        .doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void a_bad_configuration_file_is_reported_with_its_location() throws IOException {
    Path config = Files.writeString(tmp.resolve("conf.yaml"), """
        task_execution:
          engine:
            worker_pool: {min_workers: 0, max_wrokers: 4}
        """);
    Cli cli = Cli.run("validate", Repo.example("quickstart.yaml").toString(), "--config", config.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).contains(config + ":3:").contains("min_workers").contains("max_wrokers")
        .contains("problems in " + Inputs.display(config));
  }

  @Test
  void the_example_configuration_with_every_key_is_valid() {
    Cli cli = Cli.run("validate", Repo.example("quickstart.yaml").toString(), "--config",
        Repo.example("config.yaml").toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
  }

  @Test
  void the_readme_task_file_example_is_valid() throws IOException {
    String readme = Files.readString(Repo.root().resolve("README.md"));
    Matcher m = Pattern.compile("```yaml\n(resources:.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("the README has the task file example").isTrue();
    Path file = Files.writeString(tmp.resolve("readme.yaml"), m.group(1));

    Cli cli = Cli.run("validate", file.toString());

    assertThat(cli.exitCode()).as(cli.toString()).isZero();
    assertThat(cli.out()).isEqualTo("ok: 3 tasks, 3 dependencies, 1 resource\n");
  }

  @Test
  void a_missing_file_is_one_clear_line() {
    Cli cli = Cli.run("validate", tmp.resolve("missing.yaml").toString());

    assertThat(cli.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(cli.err()).isEqualTo("taskexec: cannot read " + tmp.resolve("missing.yaml") + ": no such file\n");
  }

  private static int line(String problem) {
    Matcher m = Pattern.compile(":(\\d+):\\d+: ").matcher(problem);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
