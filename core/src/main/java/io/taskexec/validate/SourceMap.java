package io.taskexec.validate;

import java.util.HashMap;
import java.util.Map;

/**
 * Field path to source location, filled by whoever parsed the input. Lookups fall back to the
 * nearest enclosing path ({@code tasks[2].requirements.cpu_cores} to {@code tasks[2]}), so a
 * problem always points somewhere useful.
 */
public final class SourceMap {
  public static final SourceMap EMPTY = new SourceMap("<code>");

  private final String source;
  private final Map<String, SourceLocation> locations = new HashMap<>();

  public SourceMap(String source) {
    this.source = source;
  }

  public String source() {
    return source;
  }

  public void put(String path, int line, int column) {
    locations.put(path, new SourceLocation(source, line, column));
  }

  public SourceLocation locate(String path) {
    String p = path;
    while (true) {
      SourceLocation l = locations.get(p);
      if (l != null) return l;
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) return new SourceLocation(source, 0, 0);
      p = p.substring(0, cut);
    }
  }
}
