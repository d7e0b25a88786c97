package io.confchat.cli;

import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.KademliaNodeBuilder;
import io.confchat.dht.crypto.NodeIdentity;
import io.confchat.dht.relay.RelayLimits;
import java.io.IOException;
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
     * Starts a node with the chat record rules on {@code options}' address and joins the network
     * through its bootstrap nodes; {@link ConfChat#clientOn} makes it a chat client.
     *
     * @throws CliFailure if no bootstrap node is given, the port cannot be bound, or no bootstrap
     *     node answers
     */
    static KademliaNode join(NetworkOptions options) {
        if (options.bootstrap.isEmpty()) {
            throw new CliFailure("give --bootstrap <host:port> of a running node (e.g. the supernode), "
                    + "or set CONFCHAT_BOOTSTRAP");
        }
        KademliaNodeBuilder builder =
                ConfChat.withChatRecordRules(KademliaNode.builder().port(options.port));
        if (options.host != null) {
            builder.host(options.host);
        }
        if (options.advertise != null) {
            builder.advertise(options.advertise);
        }
        if (options.relay) {
            builder.relay(RelayLimits.DEFAULT);
        }
        if (options.dataDir != null) {
            try {
                builder.identity(NodeIdentity.of(new NodeKeyFile(options.dataDir).loadOrCreate(new SecureRandom())))
                        .dataDirectory(options.dataDir);
            } catch (IOException e) {
                throw new CliFailure("cannot use the node key in " + options.dataDir + ": " + e.getMessage());
            }
        }
        KademliaNode node;
        try {
            node = builder.start().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new CliFailure("cannot listen on " + (options.host != null ? options.host : "every interface")
                    + ", port " + options.port + ": " + Failures.describe(e));
        }
        try {
            node.bootstrap(options.bootstrap).get(60, TimeUnit.SECONDS);
            return node;
        } catch (Exception e) {
            node.close();
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
