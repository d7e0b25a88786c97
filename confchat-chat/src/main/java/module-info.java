/**
 * The chat layer on a {@link io.confchat.api.Dht}: accounts, presence, live Noise sessions, the
 * sealed offline inbox and the encrypted history. {@link io.confchat.chat.ConfChat} is the front
 * door; everything under {@code io.confchat.chat.internal} stays hidden
 * (docs/architecture.md#module-boundary).
 */
@SuppressWarnings("requires-automatic") // jbcrypt has no module name of its own (see the architecture doc)
module io.confchat.chat {
    requires transitive io.confchat.api;
    requires transitive io.confchat.dht;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport;
    requires com.google.protobuf;
    requires org.bouncycastle.provider;
    requires org.slf4j;
    requires jbcrypt; // derived from the jar's file name: the jar declares no Automatic-Module-Name

    exports io.confchat.chat;
}
