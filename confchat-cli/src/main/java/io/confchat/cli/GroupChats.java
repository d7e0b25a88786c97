package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The interactive client's group chats: {@code /group ACTION ...} ({@link GroupAction}, where a
 * shown group chat is the GROUP an action leaves out), {@code /groups}, and a group chat shown as
 * {@code #name} in the conversation switcher ({@code /chat #friends}), where what is typed goes to
 * every member. Runs on the input thread.
 */
final class GroupChats {
    private final ChatClient client;
    private final Screen screen;
    private final ChatBoard board;
    private final OpenChats chats;
    private final ChatLines lines;
    /** The group behind each {@code #name} shown in this session. */
    private final Map<String, GroupInfo> shownGroups = new ConcurrentHashMap<>();

    GroupChats(ChatClient client, Screen screen, ChatBoard board, OpenChats chats, ChatLines lines) {
        this.client = client;
        this.screen = screen;
        this.board = board;
        this.chats = chats;
        this.lines = lines;
    }

    /** {@code /group ACTION WORDS...}. */
    void command(String argument) {
        List<String> words = new ArrayList<>(Arrays.asList(argument.strip().split("\\s+")));
        if (argument.isBlank()) {
            screen.error("which group action? /group list, create NAME USER..., invite USER, join GROUP, leave, "
                    + "remove USER, members (in a group chat GROUP may be left out)");
            return;
        }
        try {
            GroupAction action = GroupAction.named(words.remove(0));
            Optional<GroupInfo> shown = shownGroup();
            if (action.namesGroup() && shown.isPresent() && words.size() < action.minWords()) {
                words.add(0, shown.get().id().toString());
            }
            List<String> given = List.copyOf(words);
            Object result = screen.progress(
                    "group " + action.word,
                    CompletableFuture.supplyAsync(
                            () -> action.perform(new GroupAction.Context(client, chats, false), given)));
            action.lines(result).forEach(l -> screen.say(lines.notice(l, Screen.GREEN)));
            if (action == GroupAction.LEAVE
                    && shown.isPresent()
                    && result instanceof Map<?, ?> m
                    && shown.get().id().toString().equals(m.get("id"))) {
                board.show(null);
            }
        } catch (CliFailure e) {
            screen.error(e.getMessage());
        }
    }

    /** {@code /groups}. */
    void list() {
        command("list");
    }

    /** The shown chat's group, when a group chat is shown. */
    Optional<GroupInfo> shownGroup() {
        return board.shown().filter(GroupRefs::isGroup).map(shownGroups::get);
    }

    /** Shows the group chat {@code ref} names ({@code #friends}), with its recent messages. */
    void show(String ref) {
        GroupConversation c;
        try {
            GroupInfo g = chats.groups().resolve(ref);
            c = screen.progress("opening " + GroupRefs.label(g), chats.groups().open(g.id()));
        } catch (CliFailure e) {
            screen.error(e.getMessage());
            return;
        }
        GroupInfo g = c.info();
        String label = GroupRefs.label(g);
        shownGroups.put(label, g);
        int unread = board.unread(label);
        board.show(label);
        screen.say(Screen.bold("--- " + label + ": " + GroupRefs.members(g) + " ---"));
        List<GroupMessage> messages = c.messages();
        int from = Math.max(0, messages.size() - Math.max(Interactive.RECAP, unread));
        if (from > 0) {
            screen.say(lines.notice(from + " earlier messages: /group history shows them", Screen.CYAN));
        }
        String me = client.currentUser().orElse("");
        messages.subList(from, messages.size()).forEach(m -> screen.say(lines.message(m, Optional.empty(), me)));
        screen.say(Screen.color(
                "what you type goes to every member of " + label + "; /group invite USER, /group leave, /leave "
                        + "closes the chat",
                Screen.GREEN));
    }

    /** Sends a typed line to the shown group. */
    void send(String label, String text) {
        GroupInfo g = shownGroups.get(label);
        if (g != null) {
            chats.groups().send(g, text, false);
        }
    }

    /** {@code /leave} in a group chat: closes the chat (saving it); the membership stays. */
    void close(String label) {
        GroupInfo g = shownGroups.get(label);
        if (g != null) {
            try {
                screen.progress("saving " + label, chats.groups().close(g.id()));
            } catch (CliFailure e) {
                screen.error("the group chat was not saved: " + e.getMessage());
            }
        }
    }

    /** The open group chats as {@code #name}, for {@code /chats}. */
    List<String> openLabels() {
        return chats.groups().openGroups().stream()
                .map(chats.groups()::label)
                .sorted()
                .toList();
    }
}
