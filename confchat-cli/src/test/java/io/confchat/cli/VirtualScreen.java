package io.confchat.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A small VT100/xterm screen for the terminal tests: it plays back what a program wrote to its
 * terminal (text, CR, LF, backspace, tab, cursor movement, erase in line and display, save and
 * restore of the cursor; colours, modes and OSC strings are read and ignored) and keeps what
 * scrolled off the top. So a test sees the lines as a person would, not the raw bytes: a line
 * erased and rewritten shows once, and a message written into the prompt's line shows there.
 */
final class VirtualScreen {
    private final int width;
    private final int height;
    private final List<String> scrolledOff = new ArrayList<>();
    private final char[][] cells;
    private int row;
    private int col;
    private int savedRow;
    private int savedCol;
    private boolean pendingWrap;
    private int bells;

    VirtualScreen(int width, int height) {
        this.width = width;
        this.height = height;
        this.cells = new char[height][width];
        for (char[] line : cells) {
            java.util.Arrays.fill(line, ' ');
        }
    }

    /** Plays back {@code output}. */
    VirtualScreen play(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\u001b' && i + 1 < output.length()) {
                i = escape(output, i + 1);
            } else {
                control(c);
            }
        }
        return this;
    }

    /** Every line: those scrolled off first, then the screen's, without trailing blanks. */
    List<String> lines() {
        List<String> all = new ArrayList<>(scrolledOff);
        for (char[] line : cells) {
            all.add(new String(line).stripTrailing());
        }
        while (!all.isEmpty() && all.get(all.size() - 1).isEmpty()) {
            all.remove(all.size() - 1);
        }
        return all;
    }

    int bells() {
        return bells;
    }

    private void control(char c) {
        switch (c) {
            case '\r' -> {
                col = 0;
                pendingWrap = false;
            }
            case '\n' -> lineFeed();
            case '\b' -> {
                col = Math.max(0, col - 1);
                pendingWrap = false;
            }
            case '\t' -> col = Math.min(width - 1, (col / 8 + 1) * 8);
            case '\u0007' -> bells++;
            default -> {
                if (c >= ' ') {
                    put(c);
                }
            }
        }
    }

    private void put(char c) {
        if (pendingWrap) {
            col = 0;
            lineFeed();
            pendingWrap = false;
        }
        cells[row][col] = c;
        if (col == width - 1) {
            pendingWrap = true;
        } else {
            col++;
        }
    }

    private void lineFeed() {
        pendingWrap = false;
        if (row < height - 1) {
            row++;
            return;
        }
        scrolledOff.add(new String(cells[0]).stripTrailing());
        for (int r = 1; r < height; r++) {
            cells[r - 1] = cells[r];
        }
        cells[height - 1] = new char[width];
        java.util.Arrays.fill(cells[height - 1], ' ');
    }

    /** Plays the escape sequence starting after ESC at {@code at}; returns the index of its last character. */
    private int escape(String s, int at) {
        char kind = s.charAt(at);
        if (kind == '[') {
            int end = at + 1;
            while (end < s.length() && (s.charAt(end) < '@' || s.charAt(end) > '~')) {
                end++;
            }
            if (end < s.length()) {
                csi(s.substring(at + 1, end), s.charAt(end));
            }
            return end;
        }
        if (kind == ']') { // OSC ... BEL or ST
            int end = at + 1;
            while (end < s.length() && s.charAt(end) != '\u0007' && !s.startsWith("\u001b\\", end)) {
                end++;
            }
            return end < s.length() && s.charAt(end) == '\u001b' ? end + 1 : end;
        }
        if (kind == '7') {
            savedRow = row;
            savedCol = col;
        } else if (kind == '8') {
            row = savedRow;
            col = savedCol;
        } else if (kind == '(' || kind == ')') {
            return at + 1;
        }
        return at;
    }

    private void csi(String parameters, char command) {
        if (parameters.startsWith("?") || parameters.startsWith(">")) {
            return; // private modes
        }
        String[] p = parameters.isEmpty() ? new String[0] : parameters.split(";", -1);
        int n = p.length > 0 && !p[0].isEmpty() ? Integer.parseInt(p[0]) : -1;
        int count = Math.max(1, n);
        pendingWrap = false;
        switch (command) {
            case 'A' -> row = Math.max(0, row - count);
            case 'B' -> row = Math.min(height - 1, row + count);
            case 'C' -> col = Math.min(width - 1, col + count);
            case 'D' -> col = Math.max(0, col - count);
            case 'G' -> col = Math.min(width - 1, count - 1);
            case 'H', 'f' -> {
                row = Math.min(height - 1, count - 1);
                col = p.length > 1 && !p[1].isEmpty() ? Math.min(width - 1, Integer.parseInt(p[1]) - 1) : 0;
            }
            case 'K' -> eraseInLine(Math.max(0, n));
            case 'J' -> eraseInDisplay(Math.max(0, n));
            case 'P' -> deleteChars(count);
            case '@' -> insertChars(count);
            default -> {
                // colours (m) and anything else that does not move text
            }
        }
    }

    private void eraseInLine(int mode) {
        int from = mode == 0 ? col : 0;
        int to = mode == 1 ? col + 1 : width;
        java.util.Arrays.fill(cells[row], from, Math.min(width, to), ' ');
    }

    private void eraseInDisplay(int mode) {
        if (mode == 0) {
            eraseInLine(0);
            for (int r = row + 1; r < height; r++) {
                java.util.Arrays.fill(cells[r], ' ');
            }
        } else if (mode == 1) {
            eraseInLine(1);
            for (int r = 0; r < row; r++) {
                java.util.Arrays.fill(cells[r], ' ');
            }
        } else {
            for (char[] line : cells) {
                java.util.Arrays.fill(line, ' ');
            }
        }
    }

    private void deleteChars(int count) {
        char[] line = cells[row];
        int n = Math.min(count, width - col);
        System.arraycopy(line, col + n, line, col, width - col - n);
        java.util.Arrays.fill(line, width - n, width, ' ');
    }

    private void insertChars(int count) {
        char[] line = cells[row];
        int n = Math.min(count, width - col);
        System.arraycopy(line, col, line, col + n, width - col - n);
        java.util.Arrays.fill(line, col, col + n, ' ');
    }
}
