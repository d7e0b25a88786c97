package io.confchat.chat.internal.group;

import io.confchat.api.SignedRecord;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One member's own sending chain in one group ({@link GroupKeys}'): the chain it seals on, started
 * anew at a rekey, at a restart elsewhere and when full, and its hand-over to other members; none
 * once the member was removed. A chain is never shared: only this object seals on it. Not
 * thread-safe: {@link GroupKeys} owns it.
 */
final class OwnSendingChain {
    private final byte[] self;
    private final byte[] groupId;
    private final SecureRandom random;
    private SendingChain chain;

    /** A new chain of {@code self} in the group {@code groupId}. */
    OwnSendingChain(byte[] self, byte[] groupId, SecureRandom random) {
        this.self = self.clone();
        this.groupId = groupId.clone();
        this.random = random;
        this.chain = SendingChain.start(groupId, random);
    }

    /** False once the member was removed (no chain). */
    boolean exists() {
        return chain != null;
    }

    /** The member was removed: no chain any more. */
    void end() {
        chain = null;
    }

    /** Starts a new chain in place of the one held (or of none). */
    void startNew() {
        chain = SendingChain.start(groupId, random);
    }

    /** The chain kept across a restart ({@link #kept}), or none. */
    void restore(Optional<KeptKeys.Sending> kept) {
        chain = kept.map(s -> SendingChain.of(groupId, s.chainKey(), s.iteration(), s.signingSeed()))
                .orElse(null);
    }

    /** The next iteration (0 when there is no chain). */
    int nextIteration() {
        return chain == null ? 0 : chain.nextIteration();
    }

    Optional<byte[]> chainId() {
        return chain == null ? Optional.empty() : Optional.of(chain.chainId());
    }

    /** The chain as kept across a restart (secret), if there is one. */
    Optional<KeptKeys.Sending> kept() {
        return chain == null
                ? Optional.empty()
                : Optional.of(
                        new KeptKeys.Sending(chain.chainKeyToKeep(), chain.nextIteration(), chain.signingSeedToKeep()));
    }

    /** Where the chain stands, if it is {@code chainId}. */
    Optional<ChainPosition> position(byte[] chainId) {
        if (chain == null || !Arrays.equals(chain.chainId(), chainId)) {
            return Optional.empty();
        }
        return Optional.of(new ChainPosition(chain.chainId(), chain.chainKeyToKeep(), chain.nextIteration(), Map.of()));
    }

    /**
     * Moves the chain to a position kept after it; never back.
     *
     * @return empty when {@code p} is not this chain's
     */
    Optional<KeptKeys.PositionRestore> restore(ChainPosition p) {
        if (chain == null || !Arrays.equals(chain.chainId(), p.chainId())) {
            return Optional.empty();
        }
        if (p.iteration() < chain.nextIteration()) {
            return Optional.of(KeptKeys.PositionRestore.BEHIND);
        }
        chain = SendingChain.of(groupId, p.chainKey(), p.iteration(), chain.signingSeedToKeep());
        return Optional.of(KeptKeys.PositionRestore.APPLIED);
    }

    /** Whether the chain has no message key left (the next seal needs a new chain). */
    boolean full() {
        return chain.nextIteration() >= SendingChain.MAX_LENGTH;
    }

    /** Seals {@code text} on the chain (not full). */
    SealedGroupMessage seal(GroupText text) {
        return ((SendingChain.Sealing.Sealed) chain.seal(text)).message();
    }

    /** The DHT copy of a message sealed on the chain (signed by it). */
    SignedRecord storedCopy(SealedGroupMessage m) {
        return chain.storedCopy(m);
    }

    /**
     * The chain's hand-over for the epoch {@code epoch} to each of {@code members} but this member,
     * saying that {@code previousLength} messages went on the member's chain before it; each says
     * whether its recipient handed this member a chain ({@code receiving} holds one of it).
     */
    List<GroupKeys.Addressed> handOverTo(
            List<GroupMember> members, long epoch, int previousLength, ReceivingChains receiving) {
        List<GroupKeys.Addressed> out = new ArrayList<>(members.size());
        Set<String> handedUsAChain = receiving.owners();
        for (GroupMember m : members) {
            if (m.hasKey(self)) {
                continue;
            }
            out.add(new GroupKeys.Addressed(
                    m,
                    chain.distribution(epoch, self, previousLength),
                    handedUsAChain.contains(HexFormat.of().formatHex(m.identityKey()))));
        }
        return out;
    }
}
