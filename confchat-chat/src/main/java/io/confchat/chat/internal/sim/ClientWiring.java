package io.confchat.chat.internal.sim;

import io.confchat.api.Dht;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.session.SessionTransport;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The way in for {@code confchat-testkit} to build a chat client exactly as {@code ConfChat} does,
 * on its simulated transports: {@code ConfChat} installs its package-private assembly here when
 * it is initialised (the JDK's "shared secrets" pattern), so the assembly stays out of the public
 * API. Thread-safe.
 */
public final class ClientWiring {
    private static volatile Assembly assembly;

    private ClientWiring() {}

    /** {@code ConfChat}'s assembly of a client on a running node. */
    @FunctionalInterface
    public interface Assembly {
        /**
         * A client on {@code node}, which must have the chat record rules.
         *
         * @param scheduler the clock of {@code node}
         * @param executor runs the client's slow work and listener calls
         * @param transport carries the live sessions
         * @param device what the device remembers between logins
         * @param random the client's randomness (seeded for a replayable run)
         */
        ChatClient wire(
                Dht node,
                Scheduler scheduler,
                ChatConfig config,
                Executor executor,
                SessionTransport transport,
                DeviceStates device,
                SecureRandom random);
    }

    /** Called once, by {@code ConfChat}'s static initialiser. */
    public static void install(Assembly wiring) {
        assembly = Objects.requireNonNull(wiring, "wiring");
    }

    /**
     * A client as in production on {@code node} (built with the chat record rules, on {@code scheduler}), whose live
     * sessions go through {@code transport}, whose slow work and listener calls run on the
     * caller's thread, and whose device remembers in memory only: the test kit's clients.
     */
    public static ChatClient simulatedClient(
            Dht node, Scheduler scheduler, ChatConfig config, SessionTransport transport, SecureRandom random) {
        DeviceStates memoryOnly = new DeviceStates(48L * 1024 * config.historyRetentionChunks());
        return assembly().wire(node, scheduler, config, Runnable::run, transport, memoryOnly, random);
    }

    /**
     * The assembly; {@code ConfChat} must have been initialised (calling {@code
     * ConfChat.withChatRecordRules} for the node does it).
     *
     * @throws IllegalStateException if it was not
     */
    public static Assembly assembly() {
        Assembly a = assembly;
        if (a == null) {
            throw new IllegalStateException(
                    "ConfChat is not initialised: build the node with ConfChat.withChatRecordRules");
        }
        return a;
    }
}
