package io.taskexec.validate;

/**
 * Where a value came from: a file (or "&lt;api&gt;", "&lt;amqp&gt;"), a 1-based line and column.
 * {@link #UNKNOWN} when a task was built in code.
 */
public record SourceLocation(String source, int line, int column) {
  public static final SourceLocation UNKNOWN = new SourceLocation("<code>", 0, 0);

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
