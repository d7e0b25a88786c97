package io.confchat.cli;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.crypto.NodeIdentity;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Starts a chat client's node from the command line's network options. */
final class Clients {
    private Clients() {}

    /**
     * Starts a node on {@code options}' address and joins the network through its bootstrap nodes.
     *
     * @throws CliFailure if no bootstrap node is given or none answers
     */
    static ChatClient start(NetworkOptions options, ChatConfig config) {
        if (options.bootstrap.isEmpty()) {
            throw new CliFailure("give --bootstrap <host:port> of a running node (e.g. the supernode), "
                    + "or set CONFCHAT_BOOTSTRAP");
        }
        KademliaNodeBuilder node = KademliaNode.builder().host(options.host).port(options.port);
        if (options.dataDir != null) {
            try {
                node.identity(NodeIdentity.of(new NodeKeyFile(options.dataDir).loadOrCreate(new SecureRandom())))
                        .dataDirectory(options.dataDir);
            } catch (IOException e) {
                throw new CliFailure("cannot use the node key in " + options.dataDir + ": " + e.getMessage());
            }
        }
        try {
            return ConfChat.builder()
                    .node(node)
                    .bootstrap(options.bootstrap.toArray(InetSocketAddress[]::new))
                    .config(config)
                    .start()
                    .get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CliFailure("could not join the network through " + HostPortConverter.format(options.bootstrap)
                    + ": " + Failures.describe(e));
        }
    }

    /** Waits for a future of the client, turning its failure into a {@link CliFailure}. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new CliFailure("the network did not answer within 60 s");
        } catch (ExecutionException | CompletionException e) {
            throw new CliFailure(Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        }
    }
}
