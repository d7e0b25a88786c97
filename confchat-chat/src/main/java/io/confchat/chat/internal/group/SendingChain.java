package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.security.SecureRandom;

/**
 * A member's own sender-key chain in one group and epoch: encrypts and signs each message with the
 * next iteration's key, then erases that key (docs/wire-protocol.md#group-records-groupproto).
 *
 * <p>The chain's Ed25519 signing key never leaves this object: the members who read the chain get
 * its public half (the chain id) and chain keys, so they can decrypt but cannot sign in its name.
 * A chain carries at most {@value #MAX_LENGTH} messages; then {@link #seal} answers {@link
 * Sealing.ChainFull} and the sender starts a new chain. Not thread-safe.
 */
final class SendingChain {
    /** Most messages in one chain: 64 DHT pages of 64, the DHT's per-owner quota. */
    static final int MAX_LENGTH = 4096;

    private final byte[] groupId;
    private final Ed25519KeyPair signer;
    private ChainKey current;
    /** The owner proof signed last (epoch, owner, signature): a rekey or join hands one proof to every member. */
    private OwnerProof proof;

    private SendingChain(byte[] groupId, Ed25519KeyPair signer, ChainKey current) {
        if (groupId == null || groupId.length != GroupMessageCodec.ID_BYTES) {
            throw new IllegalArgumentException("a group id is 32 bytes");
        }
        this.groupId = groupId.clone();
        this.signer = signer;
        this.current = current;
    }

    /** A new chain: a random chain key at iteration 0 and a fresh signing key. */
    static SendingChain start(byte[] groupId, SecureRandom random) {
        byte[] key = new byte[ChainKey.BYTES];
        random.nextBytes(key);
        try {
            return new SendingChain(groupId, Ed25519KeyPair.generate(random), new ChainKey(key, 0));
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** The chain of a known chain key and signing seed (restoring a chain, and the pinned vector). */
    static SendingChain of(byte[] groupId, byte[] chainKey, int iteration, byte[] signingSeed) {
        return new SendingChain(groupId, Ed25519KeyPair.fromPrivateKey(signingSeed), new ChainKey(chainKey, iteration));
    }

    /** The chain key of the next iteration, to keep the chain across a restart. */
    byte[] chainKeyToKeep() {
        return current.keyBytes();
    }

    /** The chain's signing seed, to keep the chain across a restart. */
    byte[] signingSeedToKeep() {
        return signer.privateKey();
    }

    /** The chain's id: its signing public key. */
    byte[] chainId() {
        return signer.publicKey();
    }

    /** The iteration the next message will use. */
    int nextIteration() {
        return current.iteration();
    }

    /** What another member needs to read this chain from the next message on. */
    ChainDistribution distribution() {
        return new ChainDistribution(groupId.clone(), chainId(), current.iteration(), current.keyBytes());
    }

    /** What another member needs to read this chain, with the proof that it is {@code ownerKey}'s chain. */
    Distribution distribution(long epoch, byte[] ownerKey, int previousChainLength) {
        return new Distribution(epoch, distribution(), previousChainLength, ownerProof(epoch, ownerKey));
    }

    /**
     * The chain signing key's signature over the group, {@code epoch} and {@code ownerKey}: the same
     * for every member a chain goes to, so it is signed once per epoch, not once per recipient.
     */
    private byte[] ownerProof(long epoch, byte[] ownerKey) {
        if (proof == null || proof.epoch() != epoch || !java.util.Arrays.equals(proof.owner(), ownerKey)) {
            byte[] signature = signer.sign(Distribution.ownerSigningInput(groupId, epoch, ownerKey));
            proof = new OwnerProof(epoch, ownerKey.clone(), signature);
        }
        return proof.signature().clone();
    }

    private record OwnerProof(long epoch, byte[] owner, byte[] signature) {}

    /**
     * The DHT copy of {@code message} (one of this chain's): its record, which the message's own
     * signature signs (see {@link SealedGroupMessage#signingInput()}); nothing is signed again.
     */
    SignedRecord storedCopy(SealedGroupMessage message) {
        return message.storedCopy();
    }

    /** Encrypts and signs {@code text} with the next iteration, and moves the chain past it. */
    Sealing seal(GroupText text) {
        int i = current.iteration();
        if (i >= MAX_LENGTH) {
            return new Sealing.ChainFull(i);
        }
        byte[] chainId = chainId();
        MessageKey messageKey = current.messageKey();
        ChainKey next = current.next();
        current.erase();
        current = next;
        MessageKey.Secrets secrets = messageKey.secrets();
        messageKey.erase();
        byte[] ciphertext;
        try {
            ciphertext = ChaChaPoly.seal(
                    secrets.key(),
                    secrets.nonce(),
                    SealedGroupMessage.associatedData(groupId, chainId, i),
                    GroupMessageCodec.encodeText(text));
        } finally {
            secrets.erase();
        }
        SealedGroupMessage unsigned = new SealedGroupMessage(groupId.clone(), chainId, i, ciphertext, new byte[0]);
        byte[] signature = signer.sign(unsigned.signingInput());
        return new Sealing.Sealed(new SealedGroupMessage(groupId.clone(), chainId, i, ciphertext, signature));
    }

    /** What {@link #seal} did. */
    sealed interface Sealing {
        /** The message, ready to send and store. */
        record Sealed(SealedGroupMessage message) implements Sealing {}

        /** The chain carried {@value SendingChain#MAX_LENGTH} messages: start a new one. */
        record ChainFull(int iteration) implements Sealing {}
    }

    @Override
    public String toString() {
        return "SendingChain[next=" + current.iteration() + "]";
    }
}
