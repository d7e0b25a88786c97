package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.login.Login;
import io.confchat.chat.internal.runtime.ChatRuntime;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.dht.KademliaNode;
import java.util.Optional;

/** What tests look at inside a client built by {@link ConfChat}. */
final class Internals {
    private Internals() {}

    static ClientFront front(ChatClient c) {
        return (ClientFront) c;
    }

    static ChatRuntime runtime(ChatClient c) {
        return front(c).runtime();
    }

    /** The node the client runs on. */
    static KademliaNode node(ChatClient c) {
        return (KademliaNode) runtime(c).dht();
    }

    static Login login(ChatClient c) {
        return front(c).slot().current().orElseThrow(() -> new AssertionError("not logged in"));
    }

    static Account account(ChatClient c) {
        return login(c).account();
    }

    static Optional<LiveSession> session(ChatClient c, String peer) {
        return front(c).slot().current().flatMap(l -> l.session(peer));
    }
}
