package io.confchat.chat.internal.group;

import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;

/**
 * Another member's sender-key chain as this member holds it: opens that member's messages in any
 * order within a bounded window, each once.
 *
 * <pre>
 *   skipped keys (at most 2,000)      next
 *   MK_3  MK_5  MK_6                  CK_8 ── derives MK_8, MK_9, ... on demand
 *   (messages 3, 5, 6 not yet seen; 0-2, 4, 7 opened and their keys erased)
 * </pre>
 *
 * <p>A message is checked in this order, and nothing changes unless it opens: the group and chain
 * ({@link Refusal#OTHER_CHAIN}), the chain's signature ({@link Refusal#BAD_SIGNATURE}: so a member,
 * who knows the chain key, still cannot forge a message or spend the key of a real one), then the
 * iteration: a skipped one uses its kept key, one ahead of {@code next} by at most {@value
 * #MAX_SKIP} derives the keys in between and keeps them, anything else is {@link
 * Refusal#USED_OR_DROPPED} or {@link Refusal#TOO_FAR_AHEAD}. A message whose ciphertext or text
 * does not open is {@link Refusal#UNREADABLE}. Keys are erased once used; the oldest skipped key is
 * dropped past {@value #MAX_SKIPPED_KEYS}. Not thread-safe.
 */
final class ReceivingChain {
    /** How far ahead of the next expected iteration a message may be. */
    static final int MAX_SKIP = 2000;
    /** How many keys of skipped messages a chain keeps. */
    static final int MAX_SKIPPED_KEYS = 2000;

    private final byte[] groupId;
    private final byte[] chainId;
    private ChainKey next;
    private final Map<Integer, MessageKey> skipped = new LinkedHashMap<>();

    private ReceivingChain(byte[] groupId, byte[] chainId, ChainKey next) {
        this.groupId = groupId;
        this.chainId = chainId;
        this.next = next;
    }

    /**
     * The chain a member handed over (the distribution's key is copied; the caller erases it).
     *
     * @throws IllegalArgumentException if an id or the key is not 32 bytes, or the iteration is
     *     negative or past the chain's end
     */
    static ReceivingChain from(ChainDistribution d) {
        if (d.groupId().length != GroupMessageCodec.ID_BYTES || d.chainId().length != GroupMessageCodec.ID_BYTES) {
            throw new IllegalArgumentException("group and chain ids are 32 bytes");
        }
        if (d.iteration() > SendingChain.MAX_LENGTH) {
            throw new IllegalArgumentException("a chain ends at " + SendingChain.MAX_LENGTH);
        }
        return new ReceivingChain(d.groupId().clone(), d.chainId().clone(), new ChainKey(d.chainKey(), d.iteration()));
    }

    byte[] chainId() {
        return chainId.clone();
    }

    /** The chain as kept across a restart: the next chain key and the skipped messages' keys. */
    Kept kept() {
        Map<Integer, byte[]> keys = new LinkedHashMap<>();
        skipped.forEach((i, k) -> keys.put(i, k.seedToKeep()));
        return new Kept(chainId.clone(), next.keyBytes(), next.iteration(), keys);
    }

    /** A chain kept by {@link #kept()}. */
    static ReceivingChain restore(byte[] groupId, Kept kept) {
        ReceivingChain c = new ReceivingChain(
                groupId.clone(), kept.chainId().clone(), new ChainKey(kept.chainKey(), kept.iteration()));
        kept.skipped().forEach((i, seed) -> c.skipped.put(i, new MessageKey(i, seed)));
        return c;
    }

    /**
     * Moves the chain to {@code iteration}, whose chain key another device of the user reached
     * (from the user's key backup), when that is ahead of this one; the keys of messages skipped
     * before stay (they open when those messages come).
     *
     * @return true when the chain moved
     */
    boolean advanceTo(byte[] chainKey, int iteration) {
        if (iteration <= next.iteration() || iteration > SendingChain.MAX_LENGTH) {
            return false;
        }
        next.erase();
        next = new ChainKey(chainKey, iteration);
        return true;
    }

    /** A receiving chain's secrets, oldest skipped key first. */
    record Kept(byte[] chainId, byte[] chainKey, int iteration, Map<Integer, byte[]> skipped) {}

    /** The iteration after the newest one opened (or handed over). */
    int nextIteration() {
        return next.iteration();
    }

    /** The oldest iteration this chain can still open: the oldest skipped one, else the next. */
    int firstUnopened() {
        return skipped.keySet().stream().mapToInt(Integer::intValue).min().orElse(next.iteration());
    }

    /** How many skipped messages' keys are kept. */
    int skippedKeys() {
        return skipped.size();
    }

    /**
     * True when {@code m} is signed by this chain and its iteration was opened before (or its key
     * was dropped): what a receipt may vouch for without opening it again.
     */
    boolean openedBefore(SealedGroupMessage m) {
        return Arrays.equals(m.groupId(), groupId)
                && Arrays.equals(m.chainId(), chainId)
                && m.iteration() < next.iteration()
                && !skipped.containsKey(m.iteration())
                && Ed25519KeyPair.verify(chainId, m.signingInput(), m.signature());
    }

    /** Opens {@code m} if it is a message of this chain not opened before; see the class comment. */
    Opened open(SealedGroupMessage m) {
        if (!Arrays.equals(m.groupId(), groupId) || !Arrays.equals(m.chainId(), chainId)) {
            return new Opened.Refused(Refusal.OTHER_CHAIN);
        }
        if (!Ed25519KeyPair.verify(chainId, m.signingInput(), m.signature())) {
            return new Opened.Refused(Refusal.BAD_SIGNATURE);
        }
        int i = m.iteration();
        if (i < next.iteration()) {
            return openSkipped(m);
        }
        if (i - next.iteration() > MAX_SKIP) {
            return new Opened.Refused(Refusal.TOO_FAR_AHEAD);
        }
        return openAhead(m);
    }

    private Opened openSkipped(SealedGroupMessage m) {
        MessageKey key = skipped.get(m.iteration());
        if (key == null) {
            return new Opened.Refused(Refusal.USED_OR_DROPPED);
        }
        Optional<GroupText> text = decrypt(key, m);
        if (text.isEmpty()) {
            return new Opened.Refused(Refusal.UNREADABLE);
        }
        skipped.remove(m.iteration()).erase();
        return new Opened.Text(m.iteration(), text.get());
    }

    private Opened openAhead(SealedGroupMessage m) {
        // Derive on copies: the chain changes only once the message opened.
        List<MessageKey> between = new ArrayList<>();
        List<ChainKey> links = new ArrayList<>();
        ChainKey link = next;
        while (link.iteration() < m.iteration()) {
            between.add(link.messageKey());
            link = link.next();
            links.add(link);
        }
        MessageKey key = link.messageKey();
        Optional<GroupText> text = decrypt(key, m);
        key.erase();
        if (text.isEmpty()) {
            between.forEach(MessageKey::erase);
            links.forEach(ChainKey::erase);
            return new Opened.Refused(Refusal.UNREADABLE);
        }
        ChainKey after = link.next();
        next.erase();
        links.forEach(ChainKey::erase);
        next = after;
        for (MessageKey k : between) {
            skipped.put(k.iteration(), k);
        }
        dropOldestSkipped();
        return new Opened.Text(m.iteration(), text.get());
    }

    private void dropOldestSkipped() {
        Iterator<MessageKey> oldestFirst = skipped.values().iterator();
        while (skipped.size() > MAX_SKIPPED_KEYS) {
            oldestFirst.next().erase();
            oldestFirst.remove();
        }
    }

    private static Optional<GroupText> decrypt(MessageKey key, SealedGroupMessage m) {
        MessageKey.Secrets secrets = key.secrets();
        try {
            byte[] plaintext = ChaChaPoly.open(
                    secrets.key(),
                    secrets.nonce(),
                    SealedGroupMessage.associatedData(m.groupId(), m.chainId(), m.iteration()),
                    m.ciphertext());
            return GroupMessageCodec.decodeText(plaintext);
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } finally {
            secrets.erase();
        }
    }

    /** Why a message was not opened. */
    enum Refusal {
        /** Another group's or chain's message. */
        OTHER_CHAIN,
        /** Not signed by the chain's signing key: forged or altered. */
        BAD_SIGNATURE,
        /** More than {@value ReceivingChain#MAX_SKIP} iterations ahead of the next expected one. */
        TOO_FAR_AHEAD,
        /** Opened before, before the chain was handed over, or its skipped key was dropped. */
        USED_OR_DROPPED,
        /** Signed by the chain, but its ciphertext or text does not open. */
        UNREADABLE
    }

    /** The outcome of {@link #open}. */
    sealed interface Opened {
        record Text(int iteration, GroupText text) implements Opened {}

        record Refused(Refusal reason) implements Opened {}
    }

    @Override
    public String toString() {
        return "ReceivingChain[next=" + next.iteration() + ", skipped=" + skipped.size() + "]";
    }
}
