package io.confchat.dht.internal.netty;

import io.confchat.dht.internal.stream.StreamProtocolHandler;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The stream protocols served on a node's TCP port, by the id their first frame names. Thread-safe. */
public final class ProtocolRegistry {
    /** The DHT's own stream protocol. */
    public static final String DHT_PROTOCOL = "/confchat/dht/1";

    private static final Pattern ID = Pattern.compile("(/[a-z0-9._-]+){2,4}");
    private final Map<String, StreamProtocolHandler> handlers = new ConcurrentHashMap<>();

    /**
     * Registers a protocol.
     *
     * @throws IllegalArgumentException if the id is malformed or taken
     */
    public void register(String protocolId, StreamProtocolHandler handler) {
        if (protocolId == null || !ID.matcher(protocolId).matches() || protocolId.length() > 64) {
            throw new IllegalArgumentException("a protocol id looks like /name/version, got " + protocolId);
        }
        if (DHT_PROTOCOL.equals(protocolId) || handlers.putIfAbsent(protocolId, handler) != null) {
            throw new IllegalArgumentException("protocol " + protocolId + " is already registered");
        }
    }

    /** The handler registered for {@code protocolId}, if any. */
    public Optional<StreamProtocolHandler> handler(String protocolId) {
        return Optional.ofNullable(handlers.get(protocolId));
    }
}
