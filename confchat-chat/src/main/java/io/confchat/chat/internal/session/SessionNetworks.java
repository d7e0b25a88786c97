package io.confchat.chat.internal.session;

import io.confchat.chat.SessionNetwork;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a {@link SessionTransport} (netty channels: not exported) into the exported handle {@link
 * SessionNetwork}, for the in-memory networks of tests and the test kit. {@code SessionNetwork}
 * installs the function when its class initializes (the JDK's {@code SharedSecrets} pattern).
 */
public final class SessionNetworks {
    private static volatile Function<SessionTransport, SessionNetwork> wrap;

    private SessionNetworks() {}

    /**
     * Called once, by {@code SessionNetwork}'s static initializer.
     *
     * @throws IllegalStateException on any later call
     */
    public static synchronized void install(Function<SessionTransport, SessionNetwork> wrapping) {
        if (wrap != null) {
            throw new IllegalStateException("session networks are installed already");
        }
        wrap = Objects.requireNonNull(wrapping, "wrapping");
    }

    /** A handle on {@code transport}, for {@code ConfChat.builder().sessions(...)}. */
    public static SessionNetwork of(SessionTransport transport) {
        initialize();
        return wrap.apply(Objects.requireNonNull(transport, "transport"));
    }

    private static void initialize() {
        try {
            Class.forName(SessionNetwork.class.getName(), true, SessionNetwork.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
