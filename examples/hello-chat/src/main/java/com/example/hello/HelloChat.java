package com.example.hello;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.Delivery;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * A tiny conf-chat application: {@link #greet} signs a new user up and sends one text. {@code
 * main} runs it against a node: {@code java com.example.hello.HelloChat 127.0.0.1:4000 alice
 * 'a long password' bob hello}.
 */
public final class HelloChat {
    private HelloChat() {}

    public static void main(String[] args) {
        String[] node = args[0].split(":");
        try (ChatClient chat = ConfChat.builder()
                .node(KademliaNode.builder().host("127.0.0.1").port(0))
                .bootstrap(new InetSocketAddress(node[0], Integer.parseInt(node[1])))
                .start()
                .join()) {
            Delivery delivery = greet(chat, args[1], args[2], args[3], args[4]).join();
            System.out.println(delivery.state());
        }
    }

    /** Registers {@code me}, logs in and sends {@code text} to {@code peer}: DELIVERED or QUEUED. */
    public static CompletableFuture<Delivery> greet(
            ChatClient chat, String me, String password, String peer, String text) {
        return chat.register(me, password)
                .thenCompose(x -> chat.login(me, password))
                .thenCompose(x -> chat.open(peer))
                .thenCompose(conversation -> conversation.send(text));
    }
}
