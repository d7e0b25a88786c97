package io.confchat.chat.example;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Conversation;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.Presence;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionException;

/**
 * The README's "use the library" example, kept compiling (and run by {@code ExampleClientIT}):
 * join a network, create or open an account, list users, send one message, print what arrives.
 *
 * <p>Run against a supernode: {@code ExampleClient 127.0.0.1:4000 alice 'a long password' bob hi}.
 */
public final class ExampleClient {
    private ExampleClient() {}

    public static void main(String[] args) {
        String[] seed = args[0].split(":");
        run(new InetSocketAddress(seed[0], Integer.parseInt(seed[1])), args[1], args[2], args[3], args[4]);
    }

    // README-BEGIN
    public static Delivery run(InetSocketAddress supernode, String me, String password, String peer, String text) {
        try (ChatClient chat = ConfChat.builder()
                .node(KademliaNode.builder().host("127.0.0.1").port(0))
                .bootstrap(supernode)
                .start()
                .join()) {
            chat.addListener(new ChatListener() {
                @Override
                public void onMessage(ChatMessage m) {
                    System.out.println(m.from() + ": " + m.text());
                }
            });
            try {
                chat.register(me, password).join();
            } catch (CompletionException e) {
                if (!(e.getCause() instanceof UsernameTakenException)) {
                    throw e; // e.g. WeakPasswordException: its message says what to change
                }
            }
            chat.login(me, password).join(); // AuthenticationException if the password is wrong

            for (Presence p : chat.users().join()) {
                System.out.println(p.username() + " is " + p.status());
            }
            Conversation conversation = chat.open(peer).join(); // live if peer is online, else via inbox
            Delivery delivery = conversation.send(text).join(); // DELIVERED or QUEUED
            conversation.close().join(); // saves the conversation to the history in the DHT
            chat.logout().join();
            return delivery;
        }
    }
    // README-END
}
