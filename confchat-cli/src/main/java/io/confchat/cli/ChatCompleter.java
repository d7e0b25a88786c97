package io.confchat.cli;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion of the interactive client: a command's name after {@code /}, a username after
 * {@code /chat}, and on the user list a username (or {@code r}, {@code q}) as the first word. A
 * text typed in a chat is not completed.
 */
final class ChatCompleter implements Completer {
    private final Supplier<List<String>> users;
    private final BooleanSupplier onUserList;

    ChatCompleter(Supplier<List<String>> users, BooleanSupplier onUserList) {
        this.users = users;
        this.onUserList = onUserList;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        String first = words.isEmpty() ? "" : words.get(0);
        if (line.wordIndex() == 0 && first.startsWith("/")) {
            SlashCommand.names().forEach(name -> candidates.add(new Candidate(name)));
        } else if (line.wordIndex() == 1 && first.equals(SlashCommand.CHAT.name)) {
            users.get().forEach(name -> candidates.add(new Candidate(name)));
        } else if (line.wordIndex() == 0 && onUserList.getAsBoolean()) {
            users.get().forEach(name -> candidates.add(new Candidate(name)));
        }
    }
}
