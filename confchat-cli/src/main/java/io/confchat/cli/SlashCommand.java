package io.confchat.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The interactive client's commands. Anything else typed in a chat is sent as it is (a line
 * starting with {@code //} is sent with one slash less); on the user list the original's keys
 * still work: a username opens the chat, {@code r} refreshes, {@code q} quits.
 */
enum SlashCommand {
    HELP("/help", "", "this list"),
    USERS("/users", "", "who is online and offline among the people you know (and everyone in a small network)"),
    FIND("/find", " PREFIX", "users whose names start with PREFIX, online or offline"),
    CHAT("/chat", " NAME", "open or switch to the chat with NAME (a group: #NAME); other chats stay open"),
    CHATS("/chats", "", "the open chats"),
    HISTORY("/history", " [N]", "N older messages of this chat (default 20); again for more"),
    ME("/me", " TEXT", "send an action (* alice waves); without TEXT: who and where you are"),
    LEAVE("/leave", "", "leave this chat (saves it) and go back to the user list"),
    GROUP(
            "/group",
            " ACTION ...",
            "group chats: list, create NAME USER..., invite USER, join GROUP, leave, remove USER, members"),
    GROUPS("/groups", "", "your groups and invitations"),
    TRUST("/trust", " NAME", "accept NAME's new identity key, after the warning that it changed"),
    QUIT("/quit", "", "leave every chat, log out and exit");

    final String name;
    final String arguments;
    final String help;

    SlashCommand(String name, String arguments, String help) {
        this.name = name;
        this.arguments = arguments;
        this.help = help;
    }

    /** A typed line split into its command and the rest. */
    record Typed(SlashCommand command, String argument) {}

    /** The command a line names, if it starts with a known one. */
    static Optional<Typed> parse(String line) {
        String[] parts = line.strip().split("\\s+", 2);
        String word = parts[0].toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(c -> c.name.equals(word))
                .findFirst()
                .map(c -> new Typed(c, parts.length > 1 ? parts[1].strip() : ""));
    }

    static List<String> names() {
        return Arrays.stream(values()).map(c -> c.name).toList();
    }
}
