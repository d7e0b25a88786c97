package io.confchat.chat;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.PeerUnreachableException;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.session.LiveSession;
import io.confchat.chat.internal.session.Sessions;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What {@link DhtChatClient} does when sessions start, carry texts and end. A session that drops
 * is redialed once if the peer is still online and its unacknowledged texts are resent there
 * (the receiver shows each once, by id); otherwise, and after a goodbye, they go to the inbox.
 */
final class SessionEvents implements Sessions.Listener {
    private final DhtChatClient client;

    SessionEvents(DhtChatClient client) {
        this.client = client;
    }

    @Override
    public void onEstablished(LiveSession session, boolean inbound, UserKeys peer) {
        var login = client.currentLogin();
        if (login.isEmpty()) {
            session.bye("not logged in any more");
            return;
        }
        client.conversation(peer).attach(session);
        if (inbound) {
            client.touchChat(login.get(), peer, false, 0);
            client.emit(l -> l.onChatRequest(peer.username()));
        }
    }

    @Override
    public void onText(LiveSession session, ChatMessage message) {
        if (!client.seen().add(message.id())) {
            return; // resent after a reconnect: already shown
        }
        ChatConversation c = client.conversations().get(session.peer());
        if (c != null) {
            c.add(message);
        }
        client.emit(l -> l.onMessage(message));
    }

    @Override
    public void onTyping(LiveSession session) {
        client.emit(l -> l.onTyping(session.peer()));
    }

    @Override
    public void onEnded(
            LiveSession session, List<LiveSession.Outgoing> unacked, String reason, LiveSession.EndCause cause) {
        ChatConversation c = client.conversations().get(session.peer());
        boolean attached = c != null && c.detach(session);
        if (attached && cause != LiveSession.EndCause.LOCAL_BYE) {
            String why = cause == LiveSession.EndCause.PEER_BYE ? session.peer() + " left the chat" : reason;
            client.emit(l -> l.onSessionEnded(session.peer(), why));
        }
        var login = client.currentLogin();
        if (login.isPresent() && c != null && cause != LiveSession.EndCause.LOCAL_BYE) {
            client.save(login.get(), c);
        }
        if (unacked.isEmpty()) {
            return;
        }
        if (login.isEmpty() || c == null) {
            unacked.forEach(o -> o.delivery()
                    .completeExceptionally(new PeerUnreachableException(
                            "the session with " + session.peer() + " ended before the message was acknowledged")));
            return;
        }
        boolean dropped = cause == LiveSession.EndCause.DROPPED || cause == LiveSession.EndCause.CORRUPTED;
        redeliver(c, unacked, dropped);
    }

    /** Resends over a new session if the connection dropped and the peer is reachable; else the inbox. */
    private void redeliver(ChatConversation c, List<LiveSession.Outgoing> unacked, boolean redial) {
        UserKeys peer = c.peerKeys();
        CompletableFuture<LiveSession> next = redial
                ? client.presences()
                        .read(peer.username(), peer.identityKey())
                        .thenCompose(p -> client.sessions().dial(peer, p.endpoints()))
                : CompletableFuture.failedFuture(new IllegalStateException("no redial after a goodbye"));
        next.whenComplete((session, error) -> {
            for (LiveSession.Outgoing o : unacked) {
                if (session != null && session.isOpen()) {
                    try {
                        session.send(o);
                        continue;
                    } catch (IllegalStateException endedAgain) {
                        // fall through to the inbox
                    }
                }
                client.outbox().send(client.login().account, peer, o.message()).whenComplete((d, e) -> {
                    if (e != null) {
                        o.delivery().completeExceptionally(e);
                    } else {
                        o.delivery().complete(d);
                    }
                });
            }
        });
    }
}
