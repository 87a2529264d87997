package io.taskexec.ingest;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value with the line and column it came from (1-based; 0 when the value was
 * not read from text, e.g. a Java map). A map or list that is the value of a key carries the
 * key's location, so that "requirements: is missing cpu_cores" points at {@code requirements}.
 */
sealed interface Node {
  int line();

  int column();

  /** How a user would name this kind of value in a message: "a map", "the string 'x'". */
  String describe();

  /** One key of a map, with where the key itself was written. */
  record Field(String key, int line, int column, Node value) {}

  record MapNode(int line, int column, Map<String, Field> fields) implements Node {
    Node get(String key) {
      Field f = fields.get(key);
      return f == null ? null : f.value();
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  record ListNode(int line, int column, List<Node> items) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /**
   * A scalar: {@code value} is a String, Integer, Long, BigInteger, Double, Boolean or null;
   * {@code text} is how it was written.
   */
  record ScalarNode(int line, int column, Object value, String text) implements Node {
    boolean isNull() {
      return value == null;
    }

    boolean isInteger() {
      return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
    }

    @Override
    public String describe() {
      if (value == null) return "nothing";
      if (value instanceof String s) return "the string '" + abbreviate(s) + "'";
      if (value instanceof Boolean) return "the boolean " + text;
      return "the number " + text;
    }

    private static String abbreviate(String s) {
      return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
  }
}
