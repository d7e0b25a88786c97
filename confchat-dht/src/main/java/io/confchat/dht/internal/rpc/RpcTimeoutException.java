package io.confchat.dht.internal.rpc;

import io.confchat.api.ConfChatException;
import java.net.InetSocketAddress;
import java.time.Duration;

/** A peer did not answer an RPC in time. Expected in a DHT; lookups treat it as a dead contact. */
public final class RpcTimeoutException extends ConfChatException {
    private static final long serialVersionUID = 1L;

    public RpcTimeoutException(InetSocketAddress peer, Duration timeout) {
        super("no reply from " + peer + " within " + timeout.toMillis() + " ms");
    }
}
