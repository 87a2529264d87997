package io.taskexec.reporting;

import java.util.Locale;

/** The formats a report is written in. */
public enum ReportFormat {
  JSON("application/json", "json"),
  HTML("text/html; charset=utf-8", "html"),
  PDF("application/pdf", "pdf");

  private final String mediaType;
  private final String extension;

  ReportFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /** The lower-case name used in configuration and on the command line. */
  public String wireName() {
    return extension;
  }

  /**
   * The format named {@code name} ({@code json}, {@code html}, {@code pdf}).
   *
   * @throws ReportException naming the formats there are
   */
  public static ReportFormat of(String name) {
    for (ReportFormat f : values()) if (f.extension.equals(name.toLowerCase(Locale.ROOT))) return f;
    throw new ReportException("unknown report format '" + name + "': use json, html or pdf");
  }
}
