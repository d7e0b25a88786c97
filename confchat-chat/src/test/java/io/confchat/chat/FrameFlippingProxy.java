package io.confchat.chat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A man in the middle on 127.0.0.1 for tests: forwards TCP connections to a target and, on the
 * first connection only, flips one bit of one length-prefixed frame (4-byte big-endian length,
 * the framing of every stream on a node's port) in one direction. Everything else passes
 * unchanged. Closing it closes every socket.
 */
final class FrameFlippingProxy implements AutoCloseable {
    /** Which way a frame travels. */
    enum Direction {
        DIALER_TO_TARGET,
        TARGET_TO_DIALER
    }

    private final InetSocketAddress target;
    private final Direction direction;
    private final int frameIndex;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicBoolean firstConnection = new AtomicBoolean(true);
    private final AtomicInteger flipped = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    /**
     * @param frameIndex the frame to corrupt, counted from 0 in {@code direction} on the first
     *     connection
     */
    FrameFlippingProxy(InetSocketAddress target, Direction direction, int frameIndex) throws IOException {
        this.target = target;
        this.direction = direction;
        this.frameIndex = frameIndex;
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "flipping-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    /** Number of frames corrupted so far (0 or 1). */
    int flipped() {
        return flipped.get();
    }

    /** Number of connections accepted so far. */
    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket dialer = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(dialer);
                sockets.add(upstream);
                boolean corrupt = firstConnection.getAndSet(false);
                pump(dialer, upstream, corrupt && direction == Direction.DIALER_TO_TARGET);
                pump(upstream, dialer, corrupt && direction == Direction.TARGET_TO_DIALER);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean corrupt) {
        Thread t = new Thread(
                () -> {
                    try (DataInputStream in = new DataInputStream(from.getInputStream())) {
                        DataOutputStream out = new DataOutputStream(to.getOutputStream());
                        for (int n = 0; ; n++) {
                            int length = in.readInt();
                            if (length < 0 || length > 1 << 20) {
                                break;
                            }
                            byte[] frame = in.readNBytes(length);
                            if (frame.length < length) {
                                break;
                            }
                            if (corrupt && n == frameIndex && length > 0) {
                                frame[length / 2] ^= 0x10; // one bit in the middle of the ciphertext
                                flipped.incrementAndGet();
                            }
                            out.writeInt(length);
                            out.write(frame);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // one side closed
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "flipping-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
        sockets.forEach(FrameFlippingProxy::closeQuietly);
    }
}
