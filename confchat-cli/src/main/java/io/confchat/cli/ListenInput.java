package io.confchat.cli;

import java.util.Map;
import java.util.Optional;

/**
 * One line on {@code listen}'s stdin, a text to send: {@code {"to":"bob","text":"hi"}} (with an
 * optional {@code "ref"} string that the {@code sent} or {@code error} event repeats) or {@code
 * bob: hi}; to a group {@code {"group":"friends","text":"hi"}} or {@code #friends: hi}. Blank lines
 * are skipped by the caller.
 *
 * @param to the recipient: a username, or a group as {@code #NAME} (or {@code #} and its id's
 *     first digits, see {@link GroupRefs})
 * @param text what to send
 * @param ref the caller's reference for this line, if any
 */
record ListenInput(String to, String text, Optional<String> ref) {
    /**
     * Reads a line.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static ListenInput parse(String line) {
        String trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            Map<String, Object> o = JsonReader.readObject(trimmed);
            Optional<String> ref = Optional.ofNullable(o.get("ref")).map(String::valueOf);
            if (o.get("group") instanceof String group && o.get("text") instanceof String text) {
                return new ListenInput(group.startsWith(GroupRefs.MARK) ? group : GroupRefs.MARK + group, text, ref);
            }
            if (!(o.get("to") instanceof String to) || !(o.get("text") instanceof String text)) {
                throw new IllegalArgumentException(
                        "expected {\"to\":\"<user>\",\"text\":\"<message>\"} or {\"group\":\"<group>\",\"text\":...}");
            }
            return new ListenInput(to, text, ref);
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected '<user>: <message>' or {\"to\":...,\"text\":...}");
        }
        String text = line.substring(colon + 1);
        return new ListenInput(
                line.substring(0, colon).strip(), text.startsWith(" ") ? text.substring(1) : text, Optional.empty());
    }
}
