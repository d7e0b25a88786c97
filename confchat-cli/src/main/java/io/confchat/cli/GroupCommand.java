package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code confchat group -u <name> <action> [words...]}: one group action ({@link GroupAction}), on
 * a node of its own or through the user's running {@code listen} or {@code node}.
 */
@Command(
        name = "group",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Group chats: one action per call. A GROUP is #NAME (or NAME) or the first 8 digits of its id.",
            "  list                      your groups and invitations",
            "  create NAME USER...       a group with you as admin; the USERs are invited",
            "  invite GROUP USER         add USER (admins)",
            "  join GROUP                accept an invitation",
            "  leave GROUP               leave (or decline the invitation)",
            "  remove GROUP USER         remove USER (admins); they read nothing sent after",
            "  members GROUP             who is in it",
            "  send GROUP TEXT           send TEXT to every member (quote it)",
            "  history GROUP             the saved messages",
            "Through your running listen or node (same data directory) when there is one."
        })
final class GroupCommand extends AccountCommand {
    @Parameters(
            index = "0",
            paramLabel = "<action>",
            description = "list, create, invite, join, leave, remove, " + "members, send or history.")
    String action;

    @Parameters(index = "1..*", paramLabel = "<words>", arity = "0..*", description = "What the action takes.")
    List<String> words = new ArrayList<>();

    @Override
    Map<String, Object> controlArguments() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("action", GroupAction.named(action).word);
        arguments.put("words", List.copyOf(words));
        return arguments;
    }

    @Override
    Object runLoggedIn(ChatClient client) {
        OpenChats chats = new OpenChats(client);
        try {
            return GroupAction.named(action).perform(new GroupAction.Context(client, chats, true), words);
        } finally {
            Clients.await(chats.closeAll());
        }
    }

    @Override
    void printText(Object result, Output out) {
        GroupAction.named(action).lines(result).forEach(out::line);
    }
}
