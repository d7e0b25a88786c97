package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import java.util.List;
import java.util.Map;

/**
 * What a running node does for a control request ({@link ControlProtocol}): sends through its
 * {@link OpenChats} (the text shows in its chat), answers the messages it received since the last
 * {@code inbox}, the saved history, the user list. Runs on the control server's threads.
 */
final class ControlHandler implements ControlServer.Handler {
    private final ChatClient client;
    private final OpenChats chats;
    private final RecentInbox inbox;

    ControlHandler(ChatClient client, OpenChats chats, RecentInbox inbox) {
        this.client = client;
        this.chats = chats;
        this.inbox = inbox;
    }

    /**
     * The result of one request.
     *
     * @throws CliFailure or {@link IllegalArgumentException} with the message the client prints
     */
    @Override
    public Object handle(Map<String, Object> request) {
        if (!Long.valueOf(ControlProtocol.VERSION).equals(request.get("v"))) {
            throw new IllegalArgumentException("unsupported control protocol version " + request.get("v"));
        }
        String me = client.currentUser().orElseThrow(() -> new CliFailure("the running node is not logged in"));
        if (!me.equals(request.get("user"))) {
            throw new CliFailure("the running node is logged in as " + me);
        }
        String op = text(request, "op");
        return switch (op) {
            case "send" -> Results.sent(Clients.await(chats.send(text(request, "to"), text(request, "text"), true)));
            case "inbox" -> Messages.json(inbox.take());
            case "history" -> Messages.json(Clients.await(client.history(text(request, "peer"))));
            case "users" -> Results.users(Clients.await(client.users()));
            case "group" ->
                GroupAction.named(text(request, "action"))
                        .perform(new GroupAction.Context(client, chats, true), words(request));
            default -> throw new IllegalArgumentException("unknown op \"" + op + "\"");
        };
    }

    private static List<String> words(Map<String, Object> request) {
        if (request.get("words") instanceof List<?> list && list.stream().allMatch(w -> w instanceof String)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException("the request has no \"words\" list of strings");
    }

    private static String text(Map<String, Object> request, String key) {
        if (request.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("the request has no \"" + key + "\"");
    }
}
