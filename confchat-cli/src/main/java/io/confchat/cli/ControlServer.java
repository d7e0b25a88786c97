package io.confchat.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of a control socket ({@link ControlProtocol}) in a running {@code listen} or
 * {@code node}: accepts connections of this process's own user only, answers one request each
 * through a {@link ControlHandler}, at most {@value #AT_ONCE} at a time (more wait, up to {@value
 * #WAITING}, then are closed). {@link #close()} removes the socket file.
 */
final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final int AT_ONCE = 4;
    static final int WAITING = 16;

    private final ServerSocketChannel server;
    private final Path path;
    private final UserPrincipal owner;
    private final Handler handler;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(
            AT_ONCE,
            AT_ONCE,
            10,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(WAITING),
            r -> daemon(r, "confchat-control"));
    private final ScheduledExecutorService deadlines =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "confchat-control-deadline"));

    /** Answers one request ({@link ControlHandler} in a running node). */
    interface Handler {
        /**
         * @throws CliFailure or {@link IllegalArgumentException} with the message the client prints
         */
        Object handle(Map<String, Object> request);
    }

    private ControlServer(ServerSocketChannel server, Path path, UserPrincipal owner, Handler handler) {
        this.server = server;
        this.path = path;
        this.owner = owner;
        this.handler = handler;
        workers.allowCoreThreadTimeOut(true);
        daemon(this::acceptLoop, "confchat-control-accept").start();
    }

    /**
     * Listens on {@code user}'s control socket under {@code dataDir}.
     *
     * @return empty when another running process of the user already answers there
     * @throws IOException if the directory is not private to this user or the socket cannot be made
     */
    static Optional<ControlServer> start(Path dataDir, String user, Handler handler) throws IOException {
        return start(dataDir, user, handler, ControlSockets.currentUser());
    }

    /** {@link #start(Path, String, Handler)} accepting only processes of {@code owner} (tests: another user). */
    static Optional<ControlServer> start(Path dataDir, String user, Handler handler, UserPrincipal owner)
            throws IOException {
        ControlSockets.prepareDirectory(dataDir);
        Path path = ControlSockets.socket(dataDir, user);
        if (Files.exists(path)) {
            if (ControlClient.answers(path)) {
                return Optional.empty();
            }
            Files.delete(path); // left by a process that is gone
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, ControlSockets.OWNER_ONLY_SOCKET);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return Optional.of(new ControlServer(server, path, owner, handler));
    }

    Path path() {
        return path;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            try {
                workers.execute(() -> serve(connection));
            } catch (RejectedExecutionException e) {
                closeQuietly(connection);
            }
        }
    }

    private void serve(SocketChannel connection) {
        ScheduledFuture<?> deadline;
        try {
            deadline = deadlines.schedule(
                    () -> closeQuietly(connection), ControlProtocol.REQUEST_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            closeQuietly(connection); // the server is closing: this request gets no answer
            return;
        }
        try (connection) {
            if (!allowed(connection)) {
                return;
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(connection));
            OutputStream out = Channels.newOutputStream(connection);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("v", ControlProtocol.VERSION);
            try {
                Object result = handler.handle(JsonReader.readObject(ControlProtocol.readLine(in)));
                answer.put("ok", true);
                answer.put("result", result);
            } catch (CliFailure | IllegalArgumentException e) {
                answer.put("ok", false);
                answer.put("error", e.getMessage());
            }
            out.write(ControlProtocol.line(answer));
        } catch (IOException e) {
            log.debug("control connection ended: {}", e.toString());
        } finally {
            deadline.cancel(false);
        }
    }

    /** Only processes of the user this node runs as may use it; the directory should already see to that. */
    private boolean allowed(SocketChannel connection) throws IOException {
        UnixDomainPrincipal peer = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!peer.user().equals(owner)) {
            log.warn(
                    "refused a control connection from user {} (this node runs as {})",
                    peer.user().getName(),
                    owner.getName());
            return false;
        }
        return true;
    }

    @Override
    public void close() {
        closeQuietly(server);
        workers.shutdownNow();
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.debug("control socket {} not removed: {}", path, e.toString());
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
