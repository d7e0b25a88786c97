package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code confchat send -u <name> <to> <text>}: one message, live or to the inbox. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Sends one message: directly if the recipient is online, else to their inbox.")
final class SendCommand extends AccountCommand {
    @Parameters(index = "0", paramLabel = "<to>", description = "The recipient's username.")
    String to;

    @Parameters(index = "1", paramLabel = "<text>", description = "The message (quote it).")
    String text;

    @Override
    void runLoggedIn(ChatClient client, PrintWriter out) {
        Conversation conversation = Clients.await(client.open(to));
        Delivery delivery;
        try {
            delivery = Clients.await(conversation.send(text));
        } finally {
            Clients.await(conversation.close());
        }
        boolean live = delivery.state() == DeliveryState.DELIVERED;
        if (json) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("to", conversation.peer());
            result.put("id", delivery.message().id());
            result.put("state", live ? "delivered" : "queued");
            out.println(Json.write(result));
        } else {
            out.println(
                    live
                            ? "delivered to " + conversation.peer()
                            : conversation.peer() + " is offline: the message waits in their inbox");
        }
    }
}
