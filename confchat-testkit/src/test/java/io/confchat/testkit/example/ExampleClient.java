package io.confchat.testkit.example;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.UsernameTakenException;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The README's "use the library" example, kept compiling: join a network, create or open an
 * account, list users, send one message, print what arrives. {@code ExampleClientIT} runs {@link
 * #run} against a real node; {@code ExampleClientTest} runs {@link #sayHello} on a {@code
 * TestNetwork}.
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
            return sayHello(chat, me, password, peer, text).join();
        }
    }

    /** Creates the account unless it exists, logs in, lists the users, sends one text, logs out. */
    public static CompletableFuture<Delivery> sayHello(
            ChatClient chat, String me, String password, String peer, String text) {
        chat.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage m) {
                System.out.println(m.from() + ": " + m.text());
            }
        });
        return chat.register(me, password)
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof CompletionException ? e.getCause() : e;
                    return cause instanceof UsernameTakenException
                            ? CompletableFuture.completedFuture(null) // the account exists: log in
                            : CompletableFuture.failedFuture(cause); // e.g. WeakPasswordException: says what to change
                })
                .thenCompose(x -> chat.login(me, password)) // AuthenticationException if the password is wrong
                .thenCompose(x -> chat.users())
                .thenCompose(users -> {
                    users.forEach(p -> System.out.println(p.username() + " is " + p.status()));
                    return chat.open(peer); // live if peer is online, else via inbox
                })
                .thenCompose(conversation -> conversation
                        .send(text) // DELIVERED or QUEUED
                        .thenCompose(delivery -> conversation
                                .close() // saves the conversation to the history in the DHT
                                .thenCompose(x -> chat.logout())
                                .thenApply(x -> delivery)));
    }
    // README-END
}
