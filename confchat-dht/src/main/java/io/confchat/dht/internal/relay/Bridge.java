package io.confchat.dht.internal.relay;

import io.confchat.dht.internal.netty.Frames;
import io.confchat.dht.internal.relay.proto.Bridged;
import io.confchat.dht.internal.relay.proto.RelayMessage;
import io.confchat.dht.relay.RelayLimits;
import io.confchat.dht.time.Scheduler;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPipeline;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Joins a circuit's two connections (the dialer's and the reserving node's leg) into one byte
 * stream, within the circuit's limits. Each connection is told {@code Bridged} in a frame, then
 * loses its frame codec and gets a {@link Pipe} to the other, in an order that never lets a byte
 * of one end meet the other's frame encoder:
 *
 * <pre>
 *  1 dialer's loop:  Bridged -> dialer; drop its handler and encoder (reading still paused)
 *  2 target's loop:  Bridged -> target; drop handler, encoder, decoder (leftover bytes go through
 *                    the pipe); pipe target -> dialer; read
 *  3 dialer's loop:  pipe dialer -> target; drop its decoder (leftovers go through); read
 * </pre>
 */
final class Bridge {
    /** A closing end that will not take what is left to write is closed this long after. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private Bridge() {}

    /**
     * Bridges {@code dialer} and {@code target} (both with reading paused, both still framed);
     * {@code onClose} runs once when the circuit ends.
     */
    static void join(
            Channel dialer,
            Channel target,
            RelayLimits limits,
            Scheduler scheduler,
            String handlerName,
            Runnable onClose) {
        AtomicBoolean closed = new AtomicBoolean();
        Scheduler.Cancellable[] expiry = {() -> {}};
        Runnable closeBoth = () -> {
            if (closed.compareAndSet(false, true)) {
                expiry[0].cancel();
                closeAfterWrites(dialer, scheduler);
                closeAfterWrites(target, scheduler);
                onClose.run();
            }
        };
        RelayMessage bridged = RelayMessage.newBuilder()
                .setBridged(Bridged.newBuilder().setLimit(RelayProtocol.limit(limits)))
                .build();
        dialer.eventLoop().execute(() -> {
            dialer.writeAndFlush(RelayProtocol.encode(bridged));
            remove(dialer.pipeline(), handlerName, Frames.ENCODER);
            target.eventLoop().execute(() -> {
                target.writeAndFlush(RelayProtocol.encode(bridged));
                remove(target.pipeline(), handlerName, Frames.ENCODER);
                target.pipeline().addLast(new Pipe(dialer, limits.circuitBytes(), closeBoth));
                remove(target.pipeline(), Frames.DECODER);
                target.config().setAutoRead(true);
                dialer.eventLoop().execute(() -> {
                    dialer.pipeline().addLast(new Pipe(target, limits.circuitBytes(), closeBoth));
                    remove(dialer.pipeline(), Frames.DECODER);
                    dialer.config().setAutoRead(true);
                    if (!dialer.isActive() || !target.isActive()) {
                        closeBoth.run();
                    }
                });
            });
        });
        if (!limits.circuitDuration().isZero()) {
            expiry[0] = scheduler.schedule(limits.circuitDuration(), closeBoth);
        }
        dialer.closeFuture().addListener(f -> closeBoth.run());
        target.closeFuture().addListener(f -> closeBoth.run());
    }

    /** Closes once what was written is out (a goodbye still reaches the other end), at most 5 s later. */
    private static void closeAfterWrites(Channel ch, Scheduler scheduler) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        scheduler.schedule(GRACE, ch::close);
    }

    private static void remove(ChannelPipeline p, String... names) {
        for (String name : names) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
    }
}
