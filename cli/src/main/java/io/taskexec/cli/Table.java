package io.taskexec.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Plain aligned columns, two spaces apart; the last column is not padded, no line ends in spaces. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  Table(String... header) {
    this.columns = header.length;
    rows.add(header);
  }

  /** One row; null cells print as empty, newlines in a cell as spaces. */
  Table row(String... cells) {
    if (cells.length != columns) throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
    String[] r = new String[columns];
    for (int i = 0; i < columns; i++) r[i] = cells[i] == null ? "" : cells[i].replace('\n', ' ');
    rows.add(r);
    return this;
  }

  /** Rows after the header. */
  int size() {
    return rows.size() - 1;
  }

  void print(PrintStream out) {
    int[] widths = new int[columns];
    for (String[] r : rows) for (int i = 0; i < columns - 1; i++) widths[i] = Math.max(widths[i], r[i].length());
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      sb.setLength(0);
      for (int i = 0; i < columns; i++) {
        sb.append(r[i]);
        if (i < columns - 1) sb.append(" ".repeat(widths[i] - r[i].length() + 2));
      }
      int end = sb.length();
      while (end > 0 && sb.charAt(end - 1) == ' ') end--;
      sb.setLength(end);
      out.println(sb);
    }
  }
}
