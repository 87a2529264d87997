package io.taskexec.ingest;

import java.util.Locale;

/** The text formats a task or configuration file may be written in. */
public enum SourceFormat {
  YAML,
  JSON;

  /**
   * The format of {@code content} named {@code sourceName}: by extension ({@code .json};
   * {@code .yaml}, {@code .yml}), else JSON when the text starts with a brace or bracket, else YAML.
   */
  public static SourceFormat of(String sourceName, String content) {
    String n = sourceName == null ? "" : sourceName.toLowerCase(Locale.ROOT);
    if (n.endsWith(".json")) return JSON;
    if (n.endsWith(".yaml") || n.endsWith(".yml")) return YAML;
    String s = content.stripLeading();
    return s.startsWith("{") || s.startsWith("[") ? JSON : YAML;
  }
}
