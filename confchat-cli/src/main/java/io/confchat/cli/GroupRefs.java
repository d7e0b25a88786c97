package io.confchat.cli;

import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a person names a group on the command line: {@code #friends} or {@code friends} (its name,
 * when no other of their groups has it), or the first digits of its id (at least {@value
 * #MIN_ID_DIGITS}, as {@code /groups} shows them). Group chats appear as {@code #name} wherever a
 * chat is named (the switcher, the status line, {@code listen}); usernames cannot hold {@code #}.
 */
final class GroupRefs {
    /** The mark of a group where a chat is named. */
    static final String MARK = "#";
    /** Fewest digits of an id that name a group. */
    static final int MIN_ID_DIGITS = 8;

    private GroupRefs() {}

    /** True for a chat name that names a group ({@code #...}). */
    static boolean isGroup(String chat) {
        return chat.startsWith(MARK);
    }

    /** {@code #friends}. */
    static String label(GroupInfo g) {
        return MARK + g.name();
    }

    /** The first {@value #MIN_ID_DIGITS} digits of the id, as shown next to a group. */
    static String shortId(GroupId id) {
        return id.toString().substring(0, MIN_ID_DIGITS);
    }

    /**
     * The group {@code ref} names among {@code groups}.
     *
     * @throws CliFailure saying what to type instead when it names none, or several
     */
    static GroupInfo resolve(List<GroupInfo> groups, String ref) {
        String name = ref.strip();
        if (name.startsWith(MARK)) {
            name = name.substring(MARK.length());
        }
        if (name.isEmpty()) {
            throw new CliFailure("which group? name it as #NAME or by the first digits of its id (/groups lists them)");
        }
        List<GroupInfo> found = byName(groups, name);
        if (found.isEmpty() && name.length() >= MIN_ID_DIGITS && name.matches("[0-9a-fA-F]+")) {
            String digits = name.toLowerCase(Locale.ROOT);
            found = groups.stream()
                    .filter(g -> g.id().toString().startsWith(digits))
                    .toList();
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new CliFailure("you have no group " + MARK + name + ": /groups (or confchat group list) lists yours");
        }
        List<String> ids = found.stream().map(g -> shortId(g.id())).toList();
        throw new CliFailure(found.size() + " of your groups are named " + MARK + name
                + ": name one by the first digits of its id (" + String.join(", ", ids) + ")");
    }

    private static List<GroupInfo> byName(List<GroupInfo> groups, String name) {
        List<GroupInfo> exact =
                groups.stream().filter(g -> g.name().equals(name)).toList();
        return !exact.isEmpty()
                ? exact
                : groups.stream().filter(g -> g.name().equalsIgnoreCase(name)).toList();
    }

    /** {@code {"id","name","epoch","joined","members":[{"username","admin"}...]}}. */
    static Map<String, Object> json(GroupInfo g) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", g.id().toString());
        o.put("name", g.name());
        o.put("epoch", g.epoch());
        o.put("joined", g.joined());
        List<Object> members = new ArrayList<>();
        for (GroupMember m : g.members()) {
            Map<String, Object> member = new LinkedHashMap<>();
            member.put("username", m.username());
            member.put("admin", m.admin());
            members.add(member);
        }
        o.put("members", members);
        return o;
    }

    /** {@code alice added dave}, {@code carol left}, {@code alice removed bob}. */
    static String describe(GroupChange c) {
        List<String> parts = new ArrayList<>();
        if (!c.added().isEmpty()) {
            parts.add(c.by() + " added " + String.join(", ", c.added()));
        }
        List<String> removed =
                c.removed().stream().filter(r -> !r.equals(c.by())).toList();
        if (!removed.isEmpty()) {
            parts.add(c.by() + " removed " + String.join(", ", removed));
        }
        if (c.removed().contains(c.by())) {
            parts.add(c.by() + " left");
        }
        return parts.isEmpty() ? c.by() + " changed the group" : String.join("; ", parts);
    }

    /** {@code alice (admin), bob, carol}. */
    static String members(GroupInfo g) {
        return String.join(
                ", ",
                g.members().stream()
                        .map(m -> m.username() + (m.admin() ? " (admin)" : ""))
                        .toList());
    }
}
