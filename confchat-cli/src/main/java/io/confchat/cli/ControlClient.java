package io.confchat.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jdk.net.ExtendedSocketOptions;

/**
 * The client end of a control socket ({@link ControlProtocol}): how a one-shot command asks the
 * running {@code listen} or {@code node} of its user. Uses the socket only when its directory is
 * private to this user and the process answering runs as this user too.
 */
final class ControlClient {
    private ControlClient() {}

    /**
     * Asks {@code user}'s running node under {@code dataDir} to do {@code op}.
     *
     * @param warn told why a socket that exists is not used (e.g. a directory open to others)
     * @return the result, or empty when no running node answers (the command then does the work itself)
     * @throws CliFailure with the running node's message when it answered with an error
     */
    static Optional<Object> request(
            Path dataDir, String user, String op, Map<String, Object> arguments, Consumer<String> warn) {
        Path socket = ControlSockets.socket(dataDir, user);
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Optional<String> problem = ControlSockets.problem(socket.getParent());
        if (problem.isPresent()) {
            warn.accept("not using the running node: " + problem.get());
            return Optional.empty();
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("v", ControlProtocol.VERSION);
        request.put("user", ControlSockets.normalize(user));
        request.put("op", op);
        request.putAll(arguments);
        Map<String, Object> answer;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            if (!channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user().equals(ControlSockets.currentUser())) {
                warn.accept("not using " + socket + ": another user's process answers there");
                return Optional.empty();
            }
            Channels.newOutputStream(channel).write(ControlProtocol.line(request));
            answer = JsonReader.readObject(
                    ControlProtocol.readLine(new BufferedInputStream(Channels.newInputStream(channel))));
        } catch (IOException e) {
            return Optional.empty(); // nobody listens (a process that ended): do the work here
        } catch (IllegalArgumentException e) {
            throw new CliFailure("the running node answered something unreadable: " + e.getMessage());
        }
        if (Boolean.TRUE.equals(answer.get("ok"))) {
            return Optional.ofNullable(answer.get("result"));
        }
        throw new CliFailure(String.valueOf(answer.get("error")));
    }

    /** True when a process listens on {@code socket}. */
    static boolean answers(Path socket) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
