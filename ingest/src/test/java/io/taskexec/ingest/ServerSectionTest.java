package io.taskexec.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServerSectionTest {
  static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @Test
  void a_configuration_without_a_server_section_listens_on_loopback_and_asks_for_tokens() {
    ServerConfig s = ConfigReader.read("task_execution: {}\n", "c.yaml").server();
    assertThat(s).isEqualTo(ServerConfig.DEFAULT);
    assertThat(s.authRequired()).isTrue();
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.maxBodyBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(s.tls()).isFalse();
  }

  @Test
  void every_key_of_the_server_section_is_read() {
    ServerConfig s = ConfigReader.read("""
        task_execution:
          server:
            host: 0.0.0.0
            port: 9443
            auth_required: true
            tokens_file: /etc/taskexec/tokens.yaml
            tokens:
              - {name: ci, sha256: %s, roles: [submitter, shell]}
            tls_keystore: /etc/taskexec/server.p12
            tls_keystore_password: env:TLS_PW
            max_body_size: 2MiB
            max_batch_tasks: 500
            metrics_public: true
        """.formatted(HASH), "c.yaml").server();
    assertThat(s).isEqualTo(new ServerConfig("0.0.0.0", 9443, true, "/etc/taskexec/tokens.yaml",
        List.of(new ApiToken("ci", HASH, Set.of("submitter", "shell"))), "/etc/taskexec/server.p12", "env:TLS_PW",
        2L * 1024 * 1024, 500, true));
  }

  @Test
  void sizes_take_decimal_and_binary_units_and_plain_bytes() {
    assertThat(body("1000")).isEqualTo(1000);
    assertThat(body("64KB")).isEqualTo(64_000);
    assertThat(body("64KiB")).isEqualTo(65_536);
    assertThat(body("1GB")).isEqualTo(1_000_000_000L);
  }

  private static long body(String size) {
    return ConfigReader.read("task_execution: {server: {max_body_size: " + size + "}}\n", "c.yaml").server().maxBodyBytes();
  }

  @Test
  void bad_tokens_are_reported_with_their_field_paths_and_lines() {
    List<Problem> problems = ConfigReader.check("""
        task_execution:
          server:
            tokens:
              - {name: ci, sha256: "plain-text-token", roles: [submiter]}
              - {name: ci, sha256: %s, roles: [viewer], secret: x}
              - {sha256: %s}
        """.formatted(HASH, HASH), "c.yaml");
    assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
        "task_execution.server.tokens[0].sha256",
        "task_execution.server.tokens[0].roles[0]",
        "task_execution.server.tokens[1].secret",
        "task_execution.server.tokens[1].name",
        "task_execution.server.tokens[2].name",
        "task_execution.server.tokens[2].roles");
    assertThat(problems.get(0).location().line()).isEqualTo(4);
    assertThat(problems).filteredOn(p -> p.path().endsWith("sha256")).first()
        .satisfies(p -> assertThat(p.hint()).contains("sha256sum"));
  }

  @Test
  void wrong_values_are_problems_not_defaults() {
    List<Problem> problems = ConfigReader.check("""
        task_execution:
          server: {port: 70000, max_body_size: lots, max_batch_tasks: 0, tls_keystore: k.p12, metrics_public: "no", hots: x}
        """, "c.yaml");
    assertThat(problems).extracting(Problem::path).containsExactlyInAnyOrder(
        "task_execution.server.port", "task_execution.server.max_body_size", "task_execution.server.max_batch_tasks",
        "task_execution.server.tls_keystore_password", "task_execution.server.metrics_public",
        "task_execution.server.hots");
    assertThat(problems).filteredOn(p -> p.path().endsWith("hots")).first()
        .satisfies(p -> assertThat(p.message()).contains("did you mean 'host'"));
  }

  @Test
  void a_tokens_file_holds_the_same_list() {
    assertThat(TokensFile.read("tokens:\n  - {name: grafana, sha256: " + HASH.toUpperCase() + ", roles: [viewer]}\n", "t.yaml"))
        .containsExactly(new ApiToken("grafana", HASH, Set.of("viewer")));
    assertThatThrownBy(() -> TokensFile.read("tokens:\n  - {name: x, roles: [viewer]}\n", "t.yaml"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("t.yaml:2").hasMessageContaining("tokens[0].sha256");
    assertThatThrownBy(() -> TokensFile.read("", "t.yaml")).isInstanceOf(ValidationException.class);
  }
}
