package io.confchat.dht;

import io.confchat.api.NodeId;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a PONG signs (docs/wire-protocol.md#dht-messages-dhtproto): a domain tag, the PING's
 * nonce, the responder's and the requester's ids, and the requester's address as the responder saw
 * it. The nonce makes it unreplayable; the ids bind it to this pair of nodes.
 */
final class PongProof {
    private static final byte[] TAG = "confchat/pong/v1".getBytes(StandardCharsets.US_ASCII);

    private PongProof() {}

    static byte[] input(byte[] nonce, NodeId responder, NodeId requester, InetSocketAddress observed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.writeBytes(TAG);
        out.writeBytes(nonce);
        out.writeBytes(responder.bytes());
        out.writeBytes(requester.bytes());
        byte[] ip = observed.getAddress().getAddress();
        out.write(ip.length);
        out.writeBytes(ip);
        out.writeBytes(
                ByteBuffer.allocate(2).putShort((short) observed.getPort()).array());
        return out.toByteArray();
    }
}
