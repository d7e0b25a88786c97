package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code confchat send -u <name> <to> <text>}: one message, live or to the inbox. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Sends one message: directly if the recipient is online, else to their inbox.",
            "Through your running listen or node (same data directory) when there is one."
        })
final class SendCommand extends AccountCommand {
    @Parameters(index = "0", paramLabel = "<to>", description = "The recipient's username.")
    String to;

    @Parameters(index = "1", paramLabel = "<text>", description = "The message (quote it).")
    String text;

    @Override
    Map<String, Object> controlArguments() {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("to", to);
        arguments.put("text", text);
        return arguments;
    }

    @Override
    Object runLoggedIn(ChatClient client) {
        Conversation conversation = Clients.await(client.open(to));
        Delivery delivery;
        try {
            delivery = Clients.await(conversation.send(text));
        } finally {
            Clients.await(conversation.close());
        }
        return Results.sent(delivery);
    }

    @Override
    void printText(Object result, Output out) {
        String peer = Results.field(result, "to");
        out.line(
                Results.field(result, "state").equals("delivered")
                        ? "delivered to " + peer
                        : peer + " is offline: the message waits in their inbox");
    }
}
