/**
 * The Kademlia DHT of signed records: {@link io.confchat.dht.KademliaNode} is the front door.
 * Exports its API packages only; the implementation ({@code io.confchat.dht.internal.*}) stays
 * hidden, except the netty stream seams, which the chat layer's live sessions run on
 * (docs/architecture.md#module-boundary).
 */
module io.confchat.dht {
    requires transitive io.confchat.api;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires com.google.protobuf; // Automatic-Module-Name of protobuf-java
    requires com.h2database.mvstore; // Automatic-Module-Name of h2-mvstore
    requires org.bouncycastle.provider;
    requires org.slf4j;

    exports io.confchat.dht;
    exports io.confchat.dht.crypto;
    exports io.confchat.dht.record;
    exports io.confchat.dht.relay;
    exports io.confchat.dht.store;
    exports io.confchat.dht.time;
    exports io.confchat.dht.internal.stream to
            io.confchat.chat;
}
