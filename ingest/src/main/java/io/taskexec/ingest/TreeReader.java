package io.taskexec.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.Mark;
import com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException;
import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.ListNode;
import io.taskexec.ingest.Node.MapNode;
import io.taskexec.ingest.Node.ScalarNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML or JSON text into a {@link Node} tree with the line and column of every key and
 * value, using Jackson's streaming parser (whose token locations are exact). A syntax error becomes
 * one problem at the parser's position with the parser's own words, never a stack trace.
 */
final class TreeReader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = YAMLFactory.builder().loaderOptions(loaderOptions()).build();

  private TreeReader() {}

  /**
   * snakeyaml refuses documents over 3 MB by default, about 25,000 tasks; the size of what is read
   * is bounded by whoever reads it (a file the user chose, a request body limit in the server).
   */
  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }

  /**
   * The root value, or null when the text is empty or could not be parsed (then a problem says why).
   * Jackson 2's YAML exception wrapper is deprecated but is the only way to snakeyaml's exact
   * problem position without depending on snakeyaml directly.
   */
  @SuppressWarnings("deprecation")
  static Node read(String content, SourceFormat format, Problems problems) {
    JsonFactory factory = format == SourceFormat.JSON ? JSON : YAML;
    try (JsonParser p = factory.createParser(content)) {
      JsonToken first = p.nextToken();
      if (first == null) return null;
      Node root = value(p, first, null, new Where(), problems);
      JsonToken more = p.nextToken();
      if (more != null) {
        JsonLocation at = p.currentTokenLocation();
        problems.addAt(at.getLineNr(), at.getColumnNr(), "", "a second document starts here",
            "put everything in one document: remove the '---' line, or split the file in two");
      }
      return root;
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      String problem = e.getProblem() == null ? e.getOriginalMessage() : e.getProblem();
      int line = mark == null ? lineOf(e) : mark.getLine() + 1;
      int column = mark == null ? columnOf(e) : mark.getColumn() + 1;
      problems.addAt(line, column, "", "YAML syntax error: " + oneLine(problem) + context, syntaxHint());
      return null;
    } catch (JsonProcessingException e) {
      String kind = format == SourceFormat.JSON ? "JSON" : "YAML";
      problems.addAt(lineOf(e), columnOf(e), "", kind + " syntax error: " + oneLine(e.getOriginalMessage()),
          syntaxHint());
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a String does not fail
    }
  }

  private static String syntaxHint() {
    return "fix the text at this position; everything after it was not read";
  }

  private static int lineOf(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
  }

  private static int columnOf(JsonProcessingException e) {
    return e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getColumnNr());
  }

  private static String oneLine(String s) {
    if (s == null) return "unreadable input";
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /**
   * The value starting at token {@code t}. A map or list under a key takes the key's location
   * ({@code keyAt}); everything else its own.
   */
  private static Node value(JsonParser p, JsonToken t, JsonLocation keyAt, Where path,
      Problems problems) throws IOException {
    JsonLocation own = p.currentTokenLocation();
    int line = own.getLineNr();
    int column = own.getColumnNr();
    if (keyAt != null && (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY)) {
      line = keyAt.getLineNr();
      column = keyAt.getColumnNr();
    }
    if (p instanceof YAMLParser y && y.isCurrentAlias()) {
      problems.addAt(own.getLineNr(), own.getColumnNr(), path.toString(), "YAML aliases (*" + p.getText() + ") are not supported",
          "write the value out in full instead of referring to an anchor");
      return new ScalarNode(line, column, null, "");
    }
    return switch (t) {
      case START_OBJECT -> map(p, line, column, path, problems);
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        JsonToken next;
        while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
          path.push(items.size());
          items.add(value(p, next, null, path, problems));
          path.pop();
        }
        yield new ListNode(line, column, items);
      }
      case VALUE_STRING -> new ScalarNode(line, column, p.getText(), p.getText());
      case VALUE_NUMBER_INT -> new ScalarNode(line, column, p.getNumberValue(), p.getText());
      case VALUE_NUMBER_FLOAT -> new ScalarNode(line, column, p.getDoubleValue(), p.getText());
      case VALUE_TRUE -> new ScalarNode(line, column, Boolean.TRUE, p.getText());
      case VALUE_FALSE -> new ScalarNode(line, column, Boolean.FALSE, p.getText());
      case VALUE_NULL -> new ScalarNode(line, column, null, p.getText());
      default -> new ScalarNode(line, column, p.getText(), p.getText()); // e.g. YAML !!binary
    };
  }

  private static MapNode map(JsonParser p, int line, int column, Where path, Problems problems)
      throws IOException {
    Map<String, Field> fields = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      JsonLocation keyAt = p.currentTokenLocation();
      path.push(key);
      Node v = value(p, p.nextToken(), keyAt, path, problems);
      Field earlier = fields.get(key);
      if (earlier != null) {
        problems.addAt(keyAt.getLineNr(), keyAt.getColumnNr(), path.toString(), "duplicate key '" + key
            + "' (first written at line " + earlier.line() + ")", "keep one of them; the first one is used");
      } else {
        fields.put(key, new Field(key, keyAt.getLineNr(), keyAt.getColumnNr(), v));
      }
      path.pop();
    }
    return new MapNode(line, column, fields);
  }

  /** A tree without locations from plain Java values (maps, lists, strings, numbers, booleans). */
  static Node fromObject(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Field> fields = new LinkedHashMap<>();
      m.forEach((k, v) -> fields.put(String.valueOf(k), new Field(String.valueOf(k), 0, 0, fromObject(v))));
      return new MapNode(0, 0, fields);
    }
    if (value instanceof List<?> l) {
      List<Node> items = new ArrayList<>(l.size());
      for (Object o : l) items.add(fromObject(o));
      return new ListNode(0, 0, items);
    }
    if (value instanceof Short || value instanceof Byte) value = ((Number) value).intValue();
    if (value instanceof Float f) value = f.doubleValue();
    return new ScalarNode(0, 0, value, String.valueOf(value));
  }

  /** The path to the value being read, as a stack; made into text only for a problem. */
  private static final class Where {
    private final ArrayList<Object> parts = new ArrayList<>();

    void push(Object keyOrIndex) {
      parts.add(keyOrIndex);
    }

    void pop() {
      parts.remove(parts.size() - 1);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      for (Object o : parts) {
        if (o instanceof Integer i) sb.append('[').append(i).append(']');
        else sb.append(sb.isEmpty() ? "" : ".").append(o);
      }
      return sb.toString();
    }
  }
}
