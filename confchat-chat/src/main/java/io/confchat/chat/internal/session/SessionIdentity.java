package io.confchat.chat.internal.session;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.confchat.chat.internal.account.Account;
import io.confchat.chat.internal.proto.HandshakePayload;
import io.confchat.chat.internal.records.Transcript;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.Optional;

/**
 * The Noise handshake payload: the user's name and identity key, and the identity key's
 * signature over the sender's Noise static key. Since Noise proves possession of that static
 * key, a valid payload proves the identity key (as libp2p's Noise handshake does).
 */
final class SessionIdentity {
    private static final String TAG = "confchat/session-key/v1";

    private SessionIdentity() {}

    static byte[] payload(Account me, byte[] noiseStaticPublic, SessionIntent intent) {
        byte[] signature = me.identity().sign(signingInput(me.username(), noiseStaticPublic));
        return HandshakePayload.newBuilder()
                .setUsername(me.username())
                .setIdentityKey(ByteString.copyFrom(me.identity().publicKey()))
                .setSignature(ByteString.copyFrom(signature))
                .setIntent(
                        intent == SessionIntent.GROUP
                                ? io.confchat.chat.internal.proto.SessionIntent.SESSION_INTENT_GROUP
                                : io.confchat.chat.internal.proto.SessionIntent.SESSION_INTENT_CHAT)
                .build()
                .toByteArray();
    }

    /** The peer the payload proves, if its signature covers the remote Noise static key. */
    static Optional<Peer> verify(byte[] payload, byte[] remoteStatic) {
        HandshakePayload p;
        try {
            p = HandshakePayload.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
        byte[] identity = p.getIdentityKey().toByteArray();
        if (!Usernames.isNormalized(p.getUsername())
                || !Ed25519KeyPair.verify(
                        identity,
                        signingInput(p.getUsername(), remoteStatic),
                        p.getSignature().toByteArray())) {
            return Optional.empty();
        }
        SessionIntent intent = p.getIntent() == io.confchat.chat.internal.proto.SessionIntent.SESSION_INTENT_GROUP
                ? SessionIntent.GROUP
                : SessionIntent.CHAT; // CHAT, or a value this version does not know
        return Optional.of(new Peer(p.getUsername(), identity, intent));
    }

    private static byte[] signingInput(String username, byte[] noiseStatic) {
        return Transcript.tagged(TAG).add(username).add(noiseStatic).bytes();
    }

    /**
     * A proven peer, and what it said the session is for (read from a dialer only: the Noise
     * handshake authenticates it, and it decides nothing but whether the user is told at once).
     */
    record Peer(String username, byte[] identityKey, SessionIntent intent) {
        Peer(String username, byte[] identityKey) {
            this(username, identityKey, SessionIntent.CHAT);
        }
    }
}
