package io.confchat.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader for one JSON value on one line (RFC 8259): what {@code listen} reads on stdin
 * and the control socket exchanges. Objects become insertion-ordered maps, arrays lists, numbers
 * {@link Long} (or {@link Double} with a fraction or exponent). Limits: {@link #MAX_CHARS}
 * characters and {@link #MAX_DEPTH} levels of nesting; a duplicate key, trailing text or anything
 * else malformed is refused with a message naming the position.
 */
final class JsonReader {
    /** Longest input: a message of 16 KiB, every byte escaped as a six-character unicode escape, and room. */
    static final int MAX_CHARS = 6 * 16 * 1024 + 4096;

    static final int MAX_DEPTH = 8;

    private final String in;
    private int at;

    private JsonReader(String in) {
        this.in = in;
    }

    /**
     * Reads {@code text} as one JSON value.
     *
     * @throws IllegalArgumentException naming what is wrong and where
     */
    static Object read(String text) {
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("JSON longer than " + MAX_CHARS + " characters");
        }
        JsonReader r = new JsonReader(text);
        Object value = r.value(0);
        r.skipSpace();
        if (r.at != text.length()) {
            throw r.error("text after the value");
        }
        return value;
    }

    /** Reads {@code text} as a JSON object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> readObject(String text) {
        if (read(text) instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalArgumentException("expected a JSON object");
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        skipSpace();
        if (at >= in.length()) {
            throw error("unexpected end");
        }
        char c = in.charAt(at);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected '" + TerminalText.line(String.valueOf(c)) + "'");
        }
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek('}')) {
            at++;
            return map;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw error("expected a key");
            }
            String key = string();
            skipSpace();
            expect(':');
            Object value = value(depth + 1);
            if (map.containsKey(key)) {
                throw error("the key \"" + key + "\" twice");
            }
            map.put(key, value);
            skipSpace();
            if (peek(',')) {
                at++;
            } else {
                expect('}');
                return map;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> list = new ArrayList<>();
        at++;
        skipSpace();
        if (peek(']')) {
            at++;
            return list;
        }
        while (true) {
            list.add(value(depth + 1));
            skipSpace();
            if (peek(',')) {
                at++;
            } else {
                expect(']');
                return list;
            }
        }
    }

    private String string() {
        at++; // the opening quote
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= in.length()) {
                throw error("unterminated string");
            }
            char c = in.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw error("a control character inside a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= in.length()) {
                throw error("unterminated escape");
            }
            char e = in.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> throw error("unknown escape \\" + TerminalText.line(String.valueOf(e)));
            }
        }
    }

    private char unicodeEscape() {
        if (at + 4 > in.length()) {
            throw error("short \\u escape");
        }
        int code = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(in.charAt(at++), 16);
            if (digit < 0) {
                throw error("bad hex digit in a \\u escape");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private Object number() {
        int start = at;
        if (peek('-')) {
            at++;
        }
        boolean fraction = false;
        while (at < in.length() && "0123456789.eE+-".indexOf(in.charAt(at)) >= 0) {
            fraction |= "0123456789-".indexOf(in.charAt(at)) < 0;
            at++;
        }
        String digits = in.substring(start, at);
        if (digits.length() > 32) {
            throw error("number too long");
        }
        try {
            return fraction ? (Object) Double.parseDouble(digits) : (Object) Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw error("bad number");
        }
    }

    private Object literal(String word, Object value) {
        if (!in.startsWith(word, at)) {
            throw error("unexpected text");
        }
        at += word.length();
        return value;
    }

    private void skipSpace() {
        while (at < in.length() && " \t\r\n".indexOf(in.charAt(at)) >= 0) {
            at++;
        }
    }

    private boolean peek(char c) {
        return at < in.length() && in.charAt(at) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON at character " + (at + 1) + ": " + what);
    }
}
