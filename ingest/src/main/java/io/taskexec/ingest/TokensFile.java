package io.taskexec.ingest;

import io.taskexec.config.ServerConfig.ApiToken;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.validate.Problem;
import io.taskexec.validate.ValidationException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the file that {@code server.tokens_file} names: a YAML (or JSON) map with one key,
 * {@code tokens}, holding the same list as {@code server.tokens}:
 *
 * <pre>
 * tokens:
 *   - {name: ci, sha256: 9f86d0...0f00a08, roles: [submitter, shell]}
 *   - {name: grafana, sha256: 2c26b4...e7ae, roles: [viewer]}
 * </pre>
 *
 * <p>Only hashes are stored: {@code printf %s "$TOKEN" | sha256sum} gives one. Stateless.
 */
public final class TokensFile {
  private TokensFile() {}

  /**
   * The tokens in {@code file}.
   *
   * @throws IngestException when the file cannot be read
   * @throws ValidationException with every problem (file, line, field path)
   */
  public static List<ApiToken> read(Path file) {
    return read(SourceFiles.read(file), file.toString());
  }

  public static List<ApiToken> read(String content, String sourceName) {
    Problems problems = new Problems(sourceName);
    Node root = TreeReader.read(content, SourceFormat.of(sourceName, content), problems);
    Fields fields = new Fields(problems);
    List<ApiToken> tokens = List.of();
    if (root instanceof MapNode m) {
      fields.onlyKeys(m, "", List.of("tokens"), "a tokens file");
      fields.required(m, "", "tokens", "tokens: [{name: ci, sha256: ..., roles: [submitter]}]");
      tokens = new ServerSection(fields).tokens(m.get("tokens"), "tokens");
    } else if (problems.isEmpty()) {
      problems.addAt(1, 1, "", "a tokens file must be a map with a tokens: list",
          "write e.g. tokens: [{name: ci, sha256: <sha256 of the token>, roles: [submitter]}]");
    }
    List<Problem> sorted = problems.list().stream().sorted(Problems.SOURCE_ORDER).toList();
    if (!sorted.isEmpty()) throw new ValidationException(sorted);
    return tokens;
  }
}
