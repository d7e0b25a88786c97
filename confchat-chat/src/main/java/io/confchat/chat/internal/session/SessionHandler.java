package io.confchat.chat.internal.session;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import io.confchat.dht.internal.stream.Relayed;
import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live session: the last handler of its channel's pipeline, and the {@link LiveSession} its
 * owner holds. It reads and writes {@link Frame}s (the codecs before it encrypt and encode),
 * tracks every text until the peer acknowledges it ({@link AckTracker}), and reports everything
 * as {@link SessionEvent}s.
 *
 * <pre>
 *  dialer:                     OPEN --leave()--> LEAVING --goodbye written--> closed
 *  responder: PENDING --accept()--> OPEN          (frames held until the dialer is checked)
 *  PENDING | OPEN | LEAVING --channel closed--> ENDED       Ended(reason, unacknowledged texts)
 *  PENDING | OPEN --supersede(grace)--> SUPERSEDED              no event: texts move to the kept session
 *                                                         (closed at once, or after a grace period
 *                                                         when the peer is the one to close it)
 * </pre>
 *
 * A peer that stops acknowledging is noticed by a check every half ack timeout (the same text
 * oldest at two checks): the session ends as {@link EndReason#CONNECTION_LOST}. Texts are sent
 * from any thread through a queue that one event-loop task drains, so a burst shares batches.
 * Thread-safe; pipeline callbacks run on the channel's event loop.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter implements LiveSession {
    private static final Logger log = LoggerFactory.getLogger(SessionHandler.class);

    enum State {
        PENDING,
        OPEN,
        LEAVING,
        ENDED,
        SUPERSEDED;

        /** Still taking texts: open, or waiting for the check of the dialer. */
        boolean live() {
            return this == PENDING || this == OPEN;
        }
    }

    private final Channel channel;
    private final SessionIdentity.Peer peer;
    private final String me;
    private final boolean initiator;
    private final Scheduler scheduler;
    private final Duration ackCheck;
    private final Consumer<SessionEvent> events;
    private final AckTracker tracker = new AckTracker();
    private final Outbound outbound;
    private final Inbound inbound;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile State state;
    private volatile EndReason reason = EndReason.CONNECTION_LOST;
    private final AckWatchdog watchdog;
    private final HeldFrames held = new HeldFrames(); // event loop only

    /**
     * @param pending true for the responder, which delivers nothing before {@link #accept}
     * @param settings the clock, and the ack timeout: a text unacknowledged this long ends it
     */
    SessionHandler(
            Channel channel,
            SessionIdentity.Peer peer,
            String me,
            boolean initiator,
            boolean pending,
            SessionSettings settings,
            Consumer<SessionEvent> events) {
        this.channel = channel;
        this.peer = peer;
        this.me = me;
        this.initiator = initiator;
        this.scheduler = settings.scheduler();
        this.ackCheck = settings.ackTimeout().dividedBy(2);
        this.events = events;
        this.state = pending ? State.PENDING : State.OPEN;
        this.outbound = new Outbound(channel);
        this.inbound = new Inbound(this, me, tracker, events, this::peerLeft);
        this.watchdog = new AckWatchdog(scheduler, ackCheck, tracker, this::stalled);
    }

    @Override
    public String peer() {
        return peer.username();
    }

    @Override
    public byte[] peerIdentityKey() {
        return peer.identityKey().clone();
    }

    /** What the peer dialed this session for; {@link SessionIntent#CHAT} when this side dialed. */
    SessionIntent intent() {
        return initiator ? SessionIntent.CHAT : peer.intent();
    }

    @Override
    public boolean isInitiator() {
        return initiator;
    }

    @Override
    public boolean isRelayed() {
        return Relayed.via(channel).isPresent();
    }

    @Override
    public void signal(byte[] payload) {
        if (state.live()) {
            outbound.add(new Frame.Signal(payload));
        }
    }

    @Override
    public Offer sendGroup(byte[] envelope) {
        if (!state.live()) {
            return Offer.ENDED;
        }
        outbound.add(new Frame.Group(envelope));
        return Offer.ACCEPTED;
    }

    @Override
    public boolean isOpen() {
        return state.live() && channel.isActive();
    }

    @Override
    public CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    public Offer offer(Outgoing text) {
        if (!state.live() || !tracker.track(text)) {
            return Offer.ENDED;
        }
        ChatMessage m = text.message();
        outbound.add(new Frame.Text(m.id(), m.sentAt().toEpochMilli(), m.text()));
        return Offer.ACCEPTED;
    }

    @Override
    public void acknowledge(List<MessageId> ids) {
        for (int from = 0; from < ids.size(); from += Frame.MAX_PER_BATCH) {
            outbound.add(new Frame.Ack(ids.subList(from, Math.min(ids.size(), from + Frame.MAX_PER_BATCH))));
        }
    }

    @Override
    public void typing() {
        if (state == State.OPEN) {
            outbound.add(Frame.Typing.INSTANCE);
        }
    }

    @Override
    public void leave(ByeReason why) {
        if (!state.live()) {
            return;
        }
        state = State.LEAVING;
        reason = EndReason.LEFT;
        outbound.onLoop(() -> {
            outbound.drain();
            outbound.closeWith(new Frame.Bye(why), scheduler, ackCheck);
        });
    }

    /**
     * The responder's check of the dialer failed: tell the dialer so (it does not redial) and close.
     * Nothing it sent is delivered and the session is never announced.
     */
    void refuse() {
        outbound.onLoop(() -> {
            if (state != State.PENDING) {
                return;
            }
            held.drop();
            outbound.closeWith(new Frame.Bye(ByeReason.REFUSED), scheduler, ackCheck);
        });
    }

    /** The responder's check of the dialer passed: deliver what arrived meanwhile, and go on. */
    void accept() {
        outbound.onLoop(() -> {
            if (state != State.PENDING) {
                return;
            }
            state = State.OPEN;
            held.release(f -> inbound.read(f, true));
            inbound.report();
        });
    }

    /**
     * Ends this session in favour of another with the same peer: no event; returns the texts still
     * unacknowledged, for the session kept. The connection closes at once, or stays open up to
     * {@code grace} when the peer, which moves to the new session a moment later, is to close it (a
     * session moved to a direct path: closing here first would make the peer's old session end as
     * lost before its new one is up). Texts arriving meanwhile are not taken: their sender moves
     * them to the new session.
     */
    List<Outgoing> supersede(Duration grace) {
        state = State.SUPERSEDED;
        List<Outgoing> left = tracker.close();
        if (grace.isZero()) {
            channel.close();
        } else {
            scheduler.schedule(grace, channel::close);
        }
        return left;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        outbound.attach(ctx);
        outbound.drain();
        watchdog.start();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Frame f)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state != State.PENDING) {
            inbound.read(f, state == State.OPEN);
        } else if (!held.hold(f)) {
            corrupted(ctx, "too many frames before the session was accepted");
        }
    }

    private void peerLeft() {
        reason = reason.then(EndReason.PEER_LEFT);
        channel.close();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (state != State.PENDING) {
            inbound.report();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedFrameException) {
            corrupted(ctx, cause.getMessage());
            return;
        }
        log.debug("session with {} failed: {}", peer.username(), cause.toString());
        ctx.close();
    }

    private void corrupted(ChannelHandlerContext ctx, String why) {
        log.debug("closing the session with {}: {}", peer.username(), why);
        reason = reason.then(EndReason.CORRUPTED);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        watchdog.stop();
        if (state == State.SUPERSEDED) {
            ended.complete(null);
            ctx.fireChannelInactive();
            return;
        }
        boolean announced = state != State.PENDING;
        state = State.ENDED;
        if (announced) {
            inbound.report();
        }
        held.drop();
        List<Outgoing> left = tracker.close(); // handed back once: offers from now on are refused
        try {
            events.accept(new SessionEvent.Ended(this, reason, left));
        } finally {
            ended.complete(null);
            ctx.fireChannelInactive();
        }
    }

    /** The peer stopped acknowledging: the connection is as good as lost. */
    private void stalled() {
        log.debug("closing the session with {}: no ack for {}", peer.username(), ackCheck.multipliedBy(2));
        reason = EndReason.CONNECTION_LOST;
        channel.close();
    }

    @Override
    public String toString() {
        return "LiveSession[" + me + (initiator ? " -> " : " <- ") + peer.username() + ", " + state + "]";
    }
}
