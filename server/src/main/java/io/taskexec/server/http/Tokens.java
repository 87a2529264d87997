package io.taskexec.server.http;

import io.taskexec.config.ServerConfig.ApiToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API tokens the server accepts, as SHA-256 hashes only: a presented token is hashed and
 * compared with every stored hash in constant time ({@link MessageDigest#isEqual}), without stopping
 * at the first match, so the time taken says nothing about which hash matched or how much of it.
 * Immutable and thread-safe.
 */
public final class Tokens {
  private final List<ApiToken> tokens;
  private final byte[][] hashes;

  public Tokens(List<ApiToken> tokens) {
    this.tokens = List.copyOf(tokens);
    this.hashes = new byte[tokens.size()][];
    for (int i = 0; i < tokens.size(); i++) hashes[i] = HexFormat.of().parseHex(tokens.get(i).sha256());
  }

  /** The holder of {@code token}, or empty when no stored hash matches. */
  public Optional<Caller> find(String token) {
    byte[] h = sha256(token);
    int found = -1;
    for (int i = 0; i < hashes.length; i++) {
      if (MessageDigest.isEqual(hashes[i], h) && found < 0) found = i;
    }
    if (found < 0) return Optional.empty();
    ApiToken t = tokens.get(found);
    return Optional.of(new Caller(t.name(), t.roles()));
  }

  public List<ApiToken> all() {
    return tokens;
  }

  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** The lower-case hex SHA-256 of a token's UTF-8 bytes: what the configuration stores. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
