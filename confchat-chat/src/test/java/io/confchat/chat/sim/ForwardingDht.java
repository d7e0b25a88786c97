package io.confchat.chat.sim;

import io.confchat.api.Dht;
import io.confchat.api.DhtKey;
import io.confchat.api.LookupOptions;
import io.confchat.api.NodeId;
import io.confchat.api.PutResult;
import io.confchat.api.ReplicaAnswer;
import io.confchat.api.SignedRecord;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Dht} that passes every call to another, for tests that watch or break some of them
 * (override those). A put with options goes through {@link #put(SignedRecord)} as the interface's
 * default does, so an override of it sees every put; {@link #close} leaves the other open.
 */
public class ForwardingDht implements Dht {
    private final Dht delegate;

    public ForwardingDht(Dht delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletableFuture<PutResult> put(SignedRecord record) {
        return delegate.put(record);
    }

    @Override
    public CompletableFuture<List<SignedRecord>> get(DhtKey key) {
        return delegate.get(key);
    }

    @Override
    public CompletableFuture<List<SignedRecord>> get(DhtKey key, LookupOptions options) {
        return delegate.get(key, options);
    }

    @Override
    public CompletableFuture<List<ReplicaAnswer>> answers(DhtKey key, LookupOptions options) {
        return delegate.answers(key, options);
    }

    @Override
    public NodeId localId() {
        return delegate.localId();
    }

    @Override
    public InetSocketAddress localAddress() {
        return delegate.localAddress();
    }

    @Override
    public CompletableFuture<Void> bootstrap(Collection<InetSocketAddress> seeds) {
        return delegate.bootstrap(seeds);
    }

    @Override
    public void close() {}
}
