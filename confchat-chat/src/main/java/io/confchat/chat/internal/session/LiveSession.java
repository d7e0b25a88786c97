package io.confchat.chat.internal.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.Delivery;
import io.confchat.api.chat.DeliveryState;
import io.confchat.chat.internal.crypto.NoiseCipherState;
import io.confchat.chat.internal.crypto.NoiseException;
import io.confchat.chat.internal.crypto.NoiseTransport;
import io.confchat.chat.internal.proto.Ack;
import io.confchat.chat.internal.proto.Bye;
import io.confchat.chat.internal.proto.SessionFrame;
import io.confchat.chat.internal.proto.SessionFrames;
import io.confchat.chat.internal.proto.Text;
import io.confchat.chat.internal.proto.Typing;
import io.confchat.chat.internal.records.MessageIds;
import io.confchat.chat.internal.records.Payloads;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One established session with a peer: the last handler of the channel's pipeline. Every
 * transport message is one Noise ciphertext of a {@link SessionFrames} batch; texts written in
 * the same event-loop turn share a batch, and so do the acks of one received batch.
 *
 * <p>Every text is acknowledged. When the connection ends, the texts still unacknowledged go to
 * {@link Events#onEnded} with their pending futures, so the caller can resend them or put them
 * in the inbox: nothing typed is lost. A frame that fails to decrypt or decode closes the
 * connection. Thread-safe; cipher states are used on the channel's event loop only.
 */
public final class LiveSession extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LiveSession.class);
    static final int MAX_FRAMES_PER_BATCH = 256;
    private static final int MAX_EARLY_FRAMES = 1024;
    private static final int MAX_REASON_CHARS = 200;
    /** How often unacknowledged texts are checked; a text unacknowledged for two checks ends the session. */
    static final Duration ACK_CHECK = Duration.ofSeconds(5);

    private final Channel channel;
    private final NoiseCipherState rx;
    private final String peer;
    private final byte[] peerIdentityKey;
    private final String me;
    private final boolean initiator;
    private final Events events;
    /** Keyed by the 16 id bytes as they travel, so an ack is found without re-encoding it. */
    private final Map<ByteString, Outgoing> unacked = new LinkedHashMap<>();

    private final FrameBatcher batcher;

    private final List<SessionFrame> early = new ArrayList<>();
    private boolean active;

    private boolean isEnded;
    private boolean superseded;
    private String endReason = "the connection dropped";
    private EndCause cause = EndCause.DROPPED;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    /** The oldest unacknowledged text at the last ack check, event loop only. */
    private ByteString watched;

    LiveSession(
            Channel channel,
            NoiseTransport transport,
            SessionIdentity.Peer peer,
            String me,
            boolean initiator,
            Events events) {
        this.channel = channel;
        this.batcher = new FrameBatcher(channel, transport.sender());
        this.rx = transport.receiver();
        this.peer = peer.username();
        this.peerIdentityKey = peer.identityKey();
        this.me = me;
        this.initiator = initiator;
        this.events = events;
        // a peer that vanished without closing (power loss, a dropped route) is noticed by the
        // acks it stops sending: then the unacknowledged texts go elsewhere (see Events#onEnded)
        ScheduledFuture<?> watchdog = channel.eventLoop()
                .scheduleAtFixedRate(
                        this::checkAcks, ACK_CHECK.toMillis(), ACK_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> watchdog.cancel(false));
    }

    /**
     * Closes the session when the same text has been the oldest unacknowledged one at two checks
     * in a row, i.e. for between one and two check periods. Event loop only.
     */
    private void checkAcks() {
        ByteString oldest;
        synchronized (this) {
            oldest = unacked.isEmpty() ? null : unacked.keySet().iterator().next();
        }
        if (oldest != null && oldest.equals(watched)) {
            log.debug("closing the session with {}: no ack for {}", peer, ACK_CHECK.multipliedBy(2));
            synchronized (this) {
                endReason = peer + " stopped answering";
                cause = EndCause.DROPPED;
            }
            channel.close();
        }
        watched = oldest;
    }

    public String peer() {
        return peer;
    }

    public byte[] peerIdentityKey() {
        return peerIdentityKey.clone();
    }

    /** True for the side that dialed. */
    public boolean isInitiator() {
        return initiator;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Completes once the session has ended and {@link Events#onEnded} has returned. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Sends a text.
     *
     * @return completes with {@link DeliveryState#DELIVERED} when the peer acknowledges it; if the
     *     session ends first, the future is handed to {@link Events#onEnded} instead
     * @throws IllegalStateException if the session has already ended
     */
    public CompletableFuture<Delivery> send(ChatMessage message) {
        CompletableFuture<Delivery> delivery = new CompletableFuture<>();
        send(new Outgoing(message, delivery));
        return delivery;
    }

    /** Sends a text whose delivery future already exists (a resend from an ended session). */
    public void send(Outgoing outgoing) {
        ChatMessage m = outgoing.message();
        ByteString id = ByteString.copyFrom(MessageIds.toBytes(m.id()));
        synchronized (this) {
            if (isEnded) {
                throw new IllegalStateException("the session with " + peer + " has ended");
            }
            unacked.put(id, outgoing);
        }
        // the body as UTF-8 bytes: protobuf then copies them instead of measuring and encoding the
        // string itself, character by character (the same bytes on the wire)
        enqueue(SessionFrame.newBuilder()
                .setText(Text.newBuilder()
                        .setMessageId(id)
                        .setSentAtMillis(m.sentAt().toEpochMilli())
                        .setBodyBytes(ByteString.copyFromUtf8(m.text())))
                .build());
    }

    public void typing() {
        enqueue(SessionFrame.newBuilder().setTyping(Typing.getDefaultInstance()).build());
    }

    /** Says goodbye and closes once the goodbye is written. */
    public void bye(String reason) {
        synchronized (this) {
            endReason = reason;
            cause = EndCause.LOCAL_BYE;
        }
        enqueue(SessionFrame.newBuilder()
                .setBye(Bye.newBuilder().setReason(truncate(reason)))
                .build());
        batcher.closeAfterWrites();
    }

    /**
     * Starts delivering received frames (the responder holds them until the initiator's identity
     * is checked against its user record).
     */
    void activate() {
        channel.eventLoop().execute(() -> {
            active = true;
            List<ByteString> acks = new ArrayList<>();
            for (SessionFrame f : early) {
                handle(f, acks);
            }
            early.clear();
            acknowledge(acks);
        });
    }

    /**
     * Closes this session in favour of another one with the same peer (both dialed at once):
     * no end event; returns the unacknowledged texts for the surviving session.
     */
    List<Outgoing> supersede() {
        List<Outgoing> left;
        synchronized (this) {
            superseded = true;
            isEnded = true;
            left = new ArrayList<>(unacked.values());
            unacked.clear();
        }
        channel.close();
        return left;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        SessionFrames batch;
        try {
            batch = SessionFrames.parseFrom(rx.decrypt(null, ByteBufUtil.getBytes(frame)));
        } catch (NoiseException | InvalidProtocolBufferException e) {
            closeCorrupted(ctx, "a frame failed to decrypt or decode");
            return;
        } finally {
            frame.release();
        }
        if (batch.getFramesCount() > MAX_FRAMES_PER_BATCH) {
            closeCorrupted(ctx, "too many frames in one message");
            return;
        }
        if (!active) {
            if (early.size() + batch.getFramesCount() > MAX_EARLY_FRAMES) {
                closeCorrupted(ctx, "too many frames before the session was accepted");
                return;
            }
            early.addAll(batch.getFramesList());
            return;
        }
        List<ByteString> acks = new ArrayList<>(batch.getFramesCount());
        for (SessionFrame f : batch.getFramesList()) {
            if (!handle(f, acks)) {
                closeCorrupted(ctx, "a malformed frame");
                return;
            }
        }
        acknowledge(acks);
    }

    /** Handles one frame; false if it is malformed. */
    private boolean handle(SessionFrame f, List<ByteString> acks) {
        switch (f.getKindCase()) {
            case TEXT:
                Text t = f.getText();
                if (t.getMessageId().size() != Payloads.MESSAGE_ID_BYTES || !isTextSize(t.getBody())) {
                    return false;
                }
                String id = MessageIds.toHex(t.getMessageId().toByteArray());
                acks.add(t.getMessageId());
                events.onText(
                        this,
                        new ChatMessage(id, peer, me, Instant.ofEpochMilli(t.getSentAtMillis()), t.getBody(), false));
                return true;
            case ACK:
                if (f.getAck().getMessageIdsCount() > MAX_FRAMES_PER_BATCH) {
                    return false;
                }
                delivered(f.getAck().getMessageIdsList());
                return true;
            case TYPING:
                events.onTyping(this);
                return true;
            case BYE:
                synchronized (this) {
                    cause = EndCause.PEER_BYE;
                    endReason = truncate(f.getBye().getReason());
                }
                channel.close();
                return true;
            default:
                return false;
        }
    }

    /** Completes the texts an ack names; ids of texts not (or no longer) waiting are ignored. */
    private void delivered(List<ByteString> ids) {
        List<Outgoing> done = new ArrayList<>(ids.size());
        synchronized (this) {
            for (ByteString id : ids) {
                Outgoing o = unacked.remove(id);
                if (o != null) {
                    done.add(o);
                }
            }
        }
        for (Outgoing o : done) {
            o.delivery().complete(new Delivery(o.message(), DeliveryState.DELIVERED));
        }
    }

    private void acknowledge(List<ByteString> ids) {
        if (ids.isEmpty()) {
            return;
        }
        enqueue(SessionFrame.newBuilder()
                .setAck(Ack.newBuilder().addAllMessageIds(ids))
                .build());
    }

    /**
     * True if {@code body} is 1 to {@link ChatMessage#MAX_TEXT_BYTES} bytes of UTF-8. A UTF-16 unit
     * takes 1 to 3 bytes (a surrogate pair 4 for 2), so only long texts need counting.
     */
    private static boolean isTextSize(String body) {
        if (body.isEmpty()) {
            return false;
        }
        if ((long) body.length() * 3 <= ChatMessage.MAX_TEXT_BYTES) {
            return true;
        }
        return body.getBytes(StandardCharsets.UTF_8).length <= ChatMessage.MAX_TEXT_BYTES;
    }

    private void enqueue(SessionFrame frame) {
        batcher.enqueue(frame);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        List<Outgoing> left;
        String reason;
        EndCause why;
        synchronized (this) {
            if (superseded) {
                ended.complete(null);
                return;
            }
            isEnded = true;
            left = new ArrayList<>(unacked.values());
            unacked.clear();
            reason = endReason;
            why = cause;
        }
        try {
            events.onEnded(this, left, reason, why);
        } finally {
            ended.complete(null);
        }
    }

    private void closeCorrupted(ChannelHandlerContext ctx, String why) {
        log.debug("closing the session with {}: {}", peer, why);
        synchronized (this) {
            endReason = "the connection was corrupted (" + why + ")";
            cause = EndCause.CORRUPTED;
        }
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("session with {} failed: {}", peer, cause.toString());
        ctx.close();
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS);
    }

    @Override
    public String toString() {
        return "LiveSession[" + me + (initiator ? " -> " : " <- ") + peer + "]";
    }

    /** A text on its way, with the future its sender waits on. */
    public record Outgoing(ChatMessage message, CompletableFuture<Delivery> delivery) {}

    /** What a session reports; called on the channel's event loop, must not block. */
    public interface Events {
        void onText(LiveSession session, ChatMessage message);

        void onTyping(LiveSession session);

        /**
         * The session ended.
         *
         * @param unacknowledged texts the peer did not acknowledge, oldest first
         */
        void onEnded(LiveSession session, List<Outgoing> unacknowledged, String reason, EndCause cause);
    }

    /** Why a session ended. */
    public enum EndCause {
        /** This side said goodbye. */
        LOCAL_BYE,
        /** The peer said goodbye. */
        PEER_BYE,
        /** The connection was lost. */
        DROPPED,
        /** A frame failed to decrypt or decode, so the connection was closed. */
        CORRUPTED
    }
}
