package io.confchat.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Appends one JSON object per line to a file under the results directory, so that {@code
 * BENCHMARKS.md} can cite the figures the JMH report does not carry (CPU per operation, requests
 * per operation, UDP drops). The directory is the system property {@code confchat.bench.out}, or
 * {@code confchat-bench/target/bench-results} when run from the repository root, else {@code
 * target/bench-results}.
 */
public final class ResultLog {
    private ResultLog() {}

    /** Where result files go. */
    public static Path directory() {
        String configured = System.getProperty("confchat.bench.out");
        if (configured != null) {
            return Path.of(configured);
        }
        Path module = Path.of("confchat-bench");
        return Files.isDirectory(module) ? module.resolve("target/bench-results") : Path.of("target/bench-results");
    }

    /** Appends {@code fields} as one JSON line to {@code fileName}; returns the file. */
    public static Path append(String fileName, Map<String, ?> fields) {
        StringJoiner json = new StringJoiner(",", "{", "}");
        fields.forEach((name, value) -> json.add(quote(name) + ":" + toJson(value)));
        Path file = directory().resolve(fileName);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(
                    file, json + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return file;
    }

    /**
     * Appends {@code fields} to {@code fileName} (see {@link #append}) and prints them under
     * {@code title}, one aligned line each.
     */
    public static void report(String fileName, String title, Map<String, ?> fields) {
        Path file = append(fileName, fields);
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        StringBuilder text = new StringBuilder("\n" + title + "\n");
        fields.forEach((key, value) -> text.append(String.format(
                Locale.ROOT,
                "  %-" + width + "s %s%n",
                key,
                value instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : value)));
        text.append("  (written to ").append(file.toAbsolutePath()).append(")");
        System.out.println(text);
    }

    private static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quote(value.toString());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
