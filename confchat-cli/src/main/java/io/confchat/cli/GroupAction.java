package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What can be done with groups, written once for the three ways in: {@code /group ACTION ...} in
 * the interactive client, {@code confchat group ACTION ...} on its own, and the same command
 * answered by the user's running node through the control socket. Each action takes its words,
 * returns a JSON value ({@code --json} prints it as it is) and turns that value into lines for a
 * person. A group is named as {@link GroupRefs} says.
 */
enum GroupAction {
    LIST("list", "", "your groups, and the invitations you have not answered", 0, 0) {
        @Override
        Object run(Context c, List<String> words) {
            List<Object> list = new ArrayList<>();
            Clients.await(c.chats().groups().list()).forEach(g -> list.add(GroupRefs.json(g)));
            return list;
        }

        @Override
        List<String> lines(Object result) {
            List<?> groups = Results.list(result);
            if (groups.isEmpty()) {
                return List.of("you are in no group: confchat group create NAME USER... (/group create) makes one");
            }
            List<String> lines = new ArrayList<>();
            for (Object g : groups) {
                String name = GroupRefs.MARK + Results.field(g, "name");
                String id = Results.field(g, "id").substring(0, GroupRefs.MIN_ID_DIGITS);
                int count = Results.list(((Map<?, ?>) g).get("members")).size();
                lines.add(
                        Boolean.parseBoolean(Results.field(g, "joined"))
                                ? name + "  " + count + " members  (id " + id + ")"
                                : name + "  invitation: 'group join " + name + "' accepts, 'group leave " + name
                                        + "' declines  (id " + id + ")");
            }
            return lines;
        }
    },
    CREATE("create", " NAME USER...", "a group named NAME with you as admin; the USERs are invited", 1, 100) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = Clients.await(c.client().createGroup(words.get(0), words.subList(1, words.size())));
            return GroupRefs.json(g);
        }

        @Override
        List<String> lines(Object result) {
            return List.of("created " + GroupRefs.MARK + Results.field(result, "name") + " (" + members(result)
                    + "); the members are invited and take part once they join");
        }
    },
    INVITE("invite", " GROUP USER", "adds USER to GROUP (admins); they read what is sent from then on", 2, 2) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            return GroupRefs.json(Clients.await(c.client().invite(g.id(), words.get(1))));
        }

        @Override
        List<String> lines(Object result) {
            return List.of("invited: " + GroupRefs.MARK + Results.field(result, "name") + " is now " + members(result));
        }
    },
    JOIN("join", " GROUP", "accepts the invitation to GROUP", 1, 1) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            return GroupRefs.json(Clients.await(c.client().joinGroup(g.id())));
        }

        @Override
        List<String> lines(Object result) {
            return List.of("joined " + GroupRefs.MARK + Results.field(result, "name") + " (" + members(result) + ")");
        }
    },
    LEAVE(
            "leave",
            " GROUP",
            "leaves GROUP (or declines its invitation); you read nothing sent after. If you are its last admin,"
                    + " its longest-standing member becomes admin",
            1,
            1) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            Clients.await(c.chats().groups().close(g.id()));
            Clients.await(c.client().leaveGroup(g.id()));
            return GroupRefs.json(g);
        }

        @Override
        List<String> lines(Object result) {
            return List.of("you left " + GroupRefs.MARK + Results.field(result, "name"));
        }
    },
    REMOVE("remove", " GROUP USER", "removes USER from GROUP (admins); they read nothing sent after", 2, 2) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            return GroupRefs.json(Clients.await(c.client().removeFromGroup(g.id(), words.get(1))));
        }

        @Override
        List<String> lines(Object result) {
            return List.of("removed: " + GroupRefs.MARK + Results.field(result, "name") + " is now " + members(result)
                    + "; new keys keep the removed member out of what follows");
        }
    },
    MEMBERS("members", " GROUP", "who is in GROUP, admins marked", 1, 1) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            return GroupRefs.json(Clients.await(c.client().group(g.id())));
        }

        @Override
        List<String> lines(Object result) {
            return List.of(GroupRefs.MARK + Results.field(result, "name") + " (change " + Results.field(result, "epoch")
                    + "): " + members(result));
        }
    },
    SEND("send", " GROUP TEXT", "sends TEXT to every member of GROUP", 2, Integer.MAX_VALUE) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            String text = String.join(" ", words.subList(1, words.size()));
            return delivery(g, Clients.await(c.chats().groups().send(g, text, c.fromScript())));
        }

        @Override
        List<String> lines(Object result) {
            return List.of(deliveryLine(result));
        }
    },
    HISTORY("history", " GROUP", "the saved messages of GROUP", 1, 1) {
        @Override
        Object run(Context c, List<String> words) {
            GroupInfo g = c.chats().groups().resolve(words.get(0));
            List<Object> messages = new ArrayList<>();
            for (GroupMessage m : Clients.await(c.client().groupHistory(g.id()))) {
                Map<String, Object> o = Messages.json(m);
                o.put("name", g.name());
                messages.add(o);
            }
            return messages;
        }

        @Override
        List<String> lines(Object result) {
            List<String> lines = new ArrayList<>();
            for (Object m : Results.list(result)) {
                lines.add(Messages.groupLine(m));
            }
            return lines.isEmpty() ? List.of("no saved messages") : lines;
        }
    };

    /** Where an action runs: the client, its open chats, and whether a script asked. */
    record Context(ChatClient client, OpenChats chats, boolean fromScript) {}

    final String word;
    final String arguments;
    final String help;
    private final int minWords;
    private final int maxWords;

    GroupAction(String word, String arguments, String help, int minWords, int maxWords) {
        this.word = word;
        this.arguments = arguments;
        this.help = help;
        this.minWords = minWords;
        this.maxWords = maxWords;
    }

    /**
     * The action {@code word} names.
     *
     * @throws CliFailure listing the actions when it names none
     */
    static GroupAction named(String word) {
        return Arrays.stream(values())
                .filter(a -> a.word.equals(word.toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new CliFailure("no group action '" + word + "': one of "
                        + String.join(
                                ", ", Arrays.stream(values()).map(a -> a.word).toList())));
    }

    /** How many words this action takes at least (a group first, when it names one). */
    int minWords() {
        return minWords;
    }

    /** True when the action's first word names a group. */
    boolean namesGroup() {
        return arguments.startsWith(" GROUP");
    }

    /**
     * Runs the action on {@code words} (what follows the action's name).
     *
     * @throws CliFailure for the wrong number of words (with the usage) or any failure
     */
    Object perform(Context c, List<String> words) {
        if (words.size() < minWords || words.size() > maxWords) {
            throw new CliFailure("usage: group " + word + arguments);
        }
        return run(c, words);
    }

    abstract Object run(Context c, List<String> words);

    /** The lines a person reads for a result of {@link #run} (or of the running node). */
    abstract List<String> lines(Object result);

    private static String members(Object group) {
        List<String> names = new ArrayList<>();
        for (Object m : Results.list(((Map<?, ?>) group).get("members"))) {
            names.add(
                    Results.field(m, "username") + (Boolean.parseBoolean(Results.field(m, "admin")) ? " (admin)" : ""));
        }
        return String.join(", ", names);
    }

    /** {@code {"group","name","id","delivered","members":{"bob":"delivered",...}}}. */
    static Map<String, Object> delivery(GroupInfo g, GroupDelivery d) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("group", g.id().toString());
        o.put("name", g.name());
        o.put("id", d.message().id().toString());
        o.put("delivered", d.deliveredCount());
        Map<String, Object> members = new TreeMap<>();
        d.members().forEach((user, state) -> members.put(user, Results.state(state)));
        o.put("members", members);
        return o;
    }

    /** {@code sent to #friends: 2 of 3 members received it live; the others fetch it at their next login}. */
    static String deliveryLine(Object result) {
        Map<?, ?> members = (Map<?, ?>) ((Map<?, ?>) result).get("members");
        long live = members.values().stream()
                .filter(s -> Results.state(DeliveryState.DELIVERED).equals(s))
                .count();
        String to = "sent to " + GroupRefs.MARK + Results.field(result, "name") + ": ";
        if (members.isEmpty()) {
            return to + "you are its only member";
        }
        return live == members.size()
                ? to + "all " + live + " members received it"
                : to + live + " of " + members.size() + " members received it live; the others fetch it at their"
                        + " next login";
    }
}
