package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ServerConfig;
import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.ingest.Node.ListNode;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.ingest.Node.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code task_execution.server} into a {@link ServerConfig}, and the token lists it names. */
final class ServerSection {
  static final List<String> KEYS = List.of("host", "port", "auth_required", "tokens_file", "tokens", "tls_keystore",
      "tls_keystore_password", "max_body_size", "max_batch_tasks", "metrics_public");
  private static final List<String> TOKEN_KEYS = List.of("name", "sha256", "roles");
  private static final String TOKEN_EXAMPLE = "{name: ci, sha256: <64 hex digits of sha256sum>, roles: [submitter]}";
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B|B)?", Pattern.CASE_INSENSITIVE);

  private final Fields f;
  private final ConfigSections s;

  ServerSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  ServerConfig read(Node n, String path) {
    ServerConfig d = ServerConfig.DEFAULT;
    MapNode m = s.section(n, path, KEYS);
    if (m == null) return d;
    String host = f.string(m.get("host"), child(path, "host"), "127.0.0.1");
    int port = s.atLeast(m, path, "port", 0, d.port());
    if (port > 65535) {
      f.problems().add(m.get("port"), child(path, "port"), "port must be <= 65535, got " + port, "write e.g. port: 8080");
      port = d.port();
    }
    Boolean auth = f.bool(m.get("auth_required"), child(path, "auth_required"), "true");
    String tokensFile = f.string(m.get("tokens_file"), child(path, "tokens_file"), "/etc/taskexec/tokens.yaml");
    List<ApiToken> tokens = tokens(m.get("tokens"), child(path, "tokens"));
    String keystore = f.string(m.get("tls_keystore"), child(path, "tls_keystore"), "/etc/taskexec/server.p12");
    String password = f.string(m.get("tls_keystore_password"), child(path, "tls_keystore_password"), "env:TASKEXEC_TLS_PASSWORD");
    if (keystore != null && password == null && !f.problems().covers(child(path, "tls_keystore_password"))) {
      f.problems().add(m.get("tls_keystore"), child(path, "tls_keystore_password"),
          "tls_keystore is set but tls_keystore_password is missing",
          "add tls_keystore_password: env:TASKEXEC_TLS_PASSWORD (read from that environment variable) or the password");
    }
    long maxBody = size(m.get("max_body_size"), child(path, "max_body_size"), d.maxBodyBytes());
    int maxBatch = s.atLeast(m, path, "max_batch_tasks", 1, d.maxBatchTasks());
    Boolean metricsPublic = f.bool(m.get("metrics_public"), child(path, "metrics_public"), "false");
    return new ServerConfig(host == null ? d.host() : host, port, auth == null ? d.authRequired() : auth, tokensFile,
        tokens, keystore, password, maxBody, maxBatch, metricsPublic != null && metricsPublic);
  }

  /** A list of tokens ({@code [{name, sha256, roles}]}); the ones with problems are left out. */
  List<ApiToken> tokens(Node n, String path) {
    List<ApiToken> out = new ArrayList<>();
    ListNode l = f.list(n, path, "[" + TOKEN_EXAMPLE + "]");
    if (l == null) return out;
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < l.items().size(); i++) {
      String tp = path + "[" + i + "]";
      MapNode t = f.map(l.items().get(i), tp, TOKEN_EXAMPLE);
      if (t == null) continue;
      f.onlyKeys(t, tp, TOKEN_KEYS, "a token");
      f.required(t, tp, "name", "name: ci");
      f.required(t, tp, "sha256", "sha256: <the output of: printf %s \"$TOKEN\" | sha256sum>");
      f.required(t, tp, "roles", "roles: [submitter]");
      String name = f.string(t.get("name"), child(tp, "name"), "ci");
      String hash = f.string(t.get("sha256"), child(tp, "sha256"), "<64 hex digits>");
      List<String> roles = f.strings(t.get("roles"), child(tp, "roles"), "[viewer]");
      boolean ok = name != null && hash != null && roles != null;
      if (hash != null && !hash.toLowerCase(Locale.ROOT).matches("[0-9a-f]{64}")) {
        f.problems().add(t.get("sha256"), child(tp, "sha256"), "sha256 must be 64 hex digits (the token's SHA-256), got "
            + hash.length() + " characters", "write the output of: printf %s \"$TOKEN\" | sha256sum — never the token itself");
        ok = false;
      }
      if (roles != null) {
        for (int r = 0; r < roles.size(); r++) {
          if (ApiToken.ROLES.contains(roles.get(r))) continue;
          f.problems().add(((ListNode) t.get("roles")).items().get(r), child(tp, "roles") + "[" + r + "]",
              "unknown role '" + roles.get(r) + "'", "use one of " + String.join(", ", ApiToken.ROLES));
          ok = false;
        }
      }
      if (name != null && !names.add(name)) {
        f.problems().add(t.get("name"), child(tp, "name"), "token name '" + name + "' is used twice", "give each token its own name");
        ok = false;
      }
      if (ok) out.add(new ApiToken(name, hash.toLowerCase(Locale.ROOT), new LinkedHashSet<>(roles)));
    }
    return out;
  }

  /** A size in bytes: a whole number, or text such as {@code 10MiB}, {@code 512KB}, {@code 1GB}. */
  private long size(Node n, String path, long fallback) {
    if (n == null) return fallback;
    f.problems().record(path, n);
    if (n instanceof ScalarNode sc) {
      Matcher mm = SIZE.matcher(sc.text().trim());
      if (mm.matches()) {
        long v = Long.parseLong(mm.group(1));
        String unit = mm.group(2) == null ? "B" : mm.group(2).toUpperCase(Locale.ROOT);
        long factor = switch (unit.charAt(0)) {
          case 'K' -> unit.contains("I") ? 1024L : 1000L;
          case 'M' -> unit.contains("I") ? 1024L * 1024 : 1000L * 1000;
          case 'G' -> unit.contains("I") ? 1024L * 1024 * 1024 : 1000L * 1000 * 1000;
          default -> 1L;
        };
        if (v > 0) return v * factor;
      }
    }
    f.problems().add(n, path, Fields.name(path) + " must be a positive size in bytes, got " + n.describe(),
        "write e.g. max_body_size: 10MiB (units B, KB, KiB, MB, MiB, GB, GiB)");
    return fallback;
  }
}
