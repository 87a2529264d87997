package io.taskexec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, exactly as a user types it: {@code ./taskexec run examples/quickstart.yaml}. */
class QuickstartIT {
  @TempDir Path tmp;

  @Test
  void the_readme_quick_start_succeeds() throws Exception {
    Path out = tmp.resolve("stdout");
    Path err = tmp.resolve("stderr");
    Process p = ProcessSupport.taskexec(out, err, "run", "examples/quickstart.yaml");

    boolean ended = p.waitFor(3, TimeUnit.MINUTES);
    if (!ended) p.destroyForcibly();
    String stdout = Files.readString(out);
    String stderr = Files.readString(err);
    assertThat(ended).as("ended within 3 minutes\n" + stdout + stderr).isTrue();
    assertThat(p.exitValue()).as(stdout + stderr).isZero();
    assertThat(stderr).as("the jar was built by the package phase").doesNotContain("building taskexec");
    assertThat(stdout).contains("TASK").contains("fetch-rates").contains("8 tasks: 8 succeeded");

    Matcher m = Pattern.compile("summary: (\\S+)").matcher(stdout);
    assertThat(m.find()).as(stdout).isTrue();
    Path summary = Repo.root().resolve(m.group(1));
    JsonNode root = new ObjectMapper().readTree(summary.toFile());
    assertThat(root.get("tasks")).hasSize(8);
    assertThat(root.get("counts").get("SUCCEEDED").asInt()).isEqualTo(8);
  }
}
