package io.confchat.chat.internal.session;

import com.google.protobuf.CodedOutputStream;
import io.confchat.chat.internal.crypto.NoiseCipherState;
import io.confchat.chat.internal.proto.SessionFrame;
import io.confchat.chat.internal.proto.SessionFrames;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sending half of a session: frames queued from any thread are written by one event-loop task
 * as {@link SessionFrames} batches, each at most {@value LiveSession#MAX_FRAMES_PER_BATCH} frames
 * and one Noise transport message, then flushed once. So texts sent in one burst share encrypted
 * frames. The cipher state is used on the event loop only.
 */
final class FrameBatcher {
    private final Channel channel;
    private final NoiseCipherState tx;
    private final Queue<SessionFrame> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final Runnable flushTask = this::flush;
    /** The frames of the batch being written, event loop only. */
    private final List<SessionFrame> writing = new ArrayList<>(LiveSession.MAX_FRAMES_PER_BATCH);
    /** The newest write, event loop only: {@link #closeAfterWrites} waits for it. */
    private ChannelFuture lastWrite;

    FrameBatcher(Channel channel, NoiseCipherState tx) {
        this.channel = channel;
        this.tx = tx;
    }

    /** Queues a frame; it goes out with the next batch. Any thread. */
    void enqueue(SessionFrame frame) {
        outbound.add(frame);
        if (flushScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(flushTask);
        }
    }

    /** Closes the channel once everything queued so far is written. Any thread. */
    void closeAfterWrites() {
        // runs after the flush of what is queued (tasks of one event loop run in order)
        channel.eventLoop().execute(() -> {
            if (lastWrite != null) {
                lastWrite.addListener(ChannelFutureListener.CLOSE);
            } else {
                channel.close();
            }
        });
    }

    private void flush() {
        flushScheduled.set(false);
        if (!channel.isActive()) {
            outbound.clear();
            return;
        }
        int bytes = 0;
        SessionFrame f;
        while ((f = outbound.peek()) != null) {
            int size = CodedOutputStream.computeMessageSize(SessionFrames.FRAMES_FIELD_NUMBER, f);
            if (!writing.isEmpty()
                    && (bytes + size > NoiseCipherState.MAX_PLAINTEXT_BYTES
                            || writing.size() == LiveSession.MAX_FRAMES_PER_BATCH)) {
                write(bytes);
                bytes = 0;
            }
            writing.add(outbound.poll());
            bytes += size;
        }
        if (!writing.isEmpty()) {
            write(bytes);
        }
        channel.flush();
    }

    /**
     * Writes the frames of {@code writing} as one encrypted {@link SessionFrames} ({@code bytes}
     * long): each frame as its repeated field, exactly what the message's own encoding gives.
     */
    private void write(int bytes) {
        byte[] plaintext = new byte[bytes];
        CodedOutputStream out = CodedOutputStream.newInstance(plaintext);
        try {
            for (SessionFrame frame : writing) {
                out.writeMessage(SessionFrames.FRAMES_FIELD_NUMBER, frame);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("a batch did not fit its computed size", e);
        }
        writing.clear();
        lastWrite = channel.write(Unpooled.wrappedBuffer(tx.encrypt(null, plaintext)));
    }
}
