package io.confchat.chat.internal.session;

import io.confchat.chat.SessionNetwork;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a {@link SessionTransport} (netty channels: not exported) into the exported handle {@link
 * SessionNetwork} and back, for the in-memory networks of tests and the test kit. {@code
 * SessionNetwork} installs the two functions when its class initializes (the JDK's {@code
 * SharedSecrets} pattern).
 */
public final class SessionNetworks {
    private static volatile Function<SessionTransport, SessionNetwork> wrap;
    private static volatile Function<SessionNetwork, SessionTransport> unwrap;

    private SessionNetworks() {}

    /**
     * Called once, by {@code SessionNetwork}'s static initializer.
     *
     * @throws IllegalStateException on any later call
     */
    public static synchronized void install(
            Function<SessionTransport, SessionNetwork> wrapping,
            Function<SessionNetwork, SessionTransport> unwrapping) {
        if (wrap != null) {
            throw new IllegalStateException("session networks are installed already");
        }
        wrap = Objects.requireNonNull(wrapping, "wrapping");
        unwrap = Objects.requireNonNull(unwrapping, "unwrapping");
    }

    /** A handle on {@code transport}, for {@code ConfChat.clientOn}. */
    public static SessionNetwork of(SessionTransport transport) {
        initialize();
        return wrap.apply(Objects.requireNonNull(transport, "transport"));
    }

    /** The transport behind a handle. */
    public static SessionTransport transport(SessionNetwork network) {
        return unwrap.apply(Objects.requireNonNull(network, "network"));
    }

    private static void initialize() {
        try {
            Class.forName(SessionNetwork.class.getName(), true, SessionNetwork.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
