package dev.tether.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A table printed the way kubectl prints one: upper-case headers, columns left-aligned and
 * separated by three spaces, no borders, {@code <none>} for an empty cell.
 */
public final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public TextTable(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    public TextTable row(Object... cells) {
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) {
            Object c = i < cells.length ? cells[i] : null;
            String s = c == null ? "<none>" : String.valueOf(c);
            r[i] = s.isEmpty() ? "<none>" : s.replace('\n', ' ');
        }
        rows.add(r);
        return this;
    }

    public int size() {
        return rows.size() - 1;
    }

    public void print(PrintStream out) {
        out.print(render());
    }

    public String render() {
        int[] width = widths();
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            sb.append(line(r, width)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Adds a row and answers it as one line in the columns of what was rendered before (a cell
     * wider than its column pushes only the cells after it), so rows printed one by one, as
     * {@code --follow} prints them, stay under the table's headers.
     */
    public String appendLine(Object... cells) {
        int[] width = widths();
        row(cells);
        return line(rows.getLast(), width);
    }

    private int[] widths() {
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        return width;
    }

    private String line(String[] r, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < columns; i++) {
            line.append(r[i]);
            if (i < columns - 1) {
                line.append(" ".repeat(Math.max(0, width[i] - r[i].length()) + 3));
            }
        }
        return line.toString().stripTrailing();
    }
}
