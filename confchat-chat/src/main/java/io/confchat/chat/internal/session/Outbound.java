package io.confchat.chat.internal.session;

import io.confchat.dht.time.Scheduler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Frames a session sends, queued from any thread and written by one event-loop task: the frames
 * queued while that task is pending share one flush, so the frame codec batches them. Called on
 * the event loop itself, a frame is written at once.
 */
final class Outbound {
    private final Channel channel;
    private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain;
    private volatile ChannelHandlerContext ctx;

    Outbound(Channel channel) {
        this.channel = channel;
    }

    /** Starts writing through the session handler's context (frames queued before wait for it). */
    void attach(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    void add(Frame frame) {
        queue.add(frame);
        if (channel.eventLoop().inEventLoop()) {
            drain();
        } else if (scheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(drainTask);
        }
    }

    /** Writes and flushes everything queued; event loop only. */
    void drain() {
        scheduled.set(false);
        ChannelHandlerContext c = ctx;
        if (c == null) {
            return;
        }
        if (!channel.isActive()) {
            queue.clear();
            return;
        }
        boolean wrote = false;
        Frame f;
        while ((f = queue.poll()) != null) {
            c.write(f, c.voidPromise());
            wrote = true;
        }
        if (wrote) {
            c.flush();
        }
    }

    /**
     * Writes {@code last} (a goodbye) and closes the connection once it is written, or after
     * {@code patience} at the latest: a peer that does not read cannot hold it open. Frames still
     * queued are not written. Event loop only.
     */
    void closeWith(Frame last, Scheduler scheduler, Duration patience) {
        ChannelHandlerContext c = ctx;
        if (c == null || !channel.isActive()) {
            channel.close();
            return;
        }
        c.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        scheduler.schedule(patience, channel::close);
    }

    /** Runs {@code task} on the channel's event loop: now if already there. */
    void onLoop(Runnable task) {
        if (channel.eventLoop().inEventLoop()) {
            task.run();
        } else {
            channel.eventLoop().execute(task);
        }
    }
}
