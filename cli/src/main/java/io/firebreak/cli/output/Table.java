package io.firebreak.cli.output;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain text table: a header and left-aligned columns two spaces apart, each as wide as its
 * widest cell; cells longer than {@link #MAX_CELL} characters are cut with "...". Not
 * thread-safe.
 */
public final class Table {
  static final int MAX_CELL = 60;

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  /** Adds a row; null cells print as "-". */
  public Table row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
    }
    rows.add(Arrays.stream(cells).map(Table::cell).toList());
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  public void print(PrintWriter out) {
    int[] widths = new int[header.size()];
    for (List<String> row : allRows()) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : allRows()) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private List<List<String>> allRows() {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }

  private static String cell(Object value) {
    String text = value == null ? "-" : String.valueOf(value).replace('\n', ' ');
    if (text.isEmpty() || text.equals("null")) {
      return "-";
    }
    return text.length() > MAX_CELL ? text.substring(0, MAX_CELL - 3) + "..." : text;
  }
}
