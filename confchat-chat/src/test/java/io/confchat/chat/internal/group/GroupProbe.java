package io.confchat.chat.internal.group;

import io.confchat.api.Dht;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.crypto.ChaChaPoly;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the end-to-end security tests (in {@code io.confchat.chat}) do that no client would: look
 * at a member's kept group state, read a group's raw records from the DHT, and forge what a
 * malicious member could send.
 */
public final class GroupProbe {
    private GroupProbe() {}

    /** The most chain fetches of the DHT {@code catchUp}'s login ran at once ({@link ChainReads}). */
    public static int chainFetchesMostAtOnce(GroupCatchUp catchUp) {
        return catchUp.chainFetchesMostAtOnce();
    }

    /** How many live messages of the group {@code id} wait in {@code catchUp}'s login for their chains. */
    public static int heldBeforeTheirChains(GroupCatchUp catchUp, io.confchat.api.chat.GroupId id) {
        return catchUp.heldBeforeTheirChains(id);
    }

    /** The most live messages of one group a login holds for their chains. */
    public static int maxHeldBeforeTheirChains() {
        return BeforeTheirChains.MAX_MESSAGES;
    }

    /** How many chain fetches a login runs at once at most, but for those a live message waits for. */
    public static int chainFetchesAtOnce() {
        return ChainReads.FETCHES_AT_ONCE;
    }

    /**
     * The kept state of the only group {@code device} keeps for the member {@code self}, as it would
     * be restored: the state kept last with the chains taken and the chain positions kept since
     * applied over it.
     */
    public static byte[] only(DeviceState device, byte[] self) {
        Map<String, byte[]> states = device.groups();
        if (states.size() != 1) {
            throw new AssertionError("expected one group, found " + states.size());
        }
        String group = states.keySet().iterator().next();
        HeldGroup g = GroupSnapshots.decode(states.get(group), self, new SecureRandom())
                .orElseThrow();
        for (byte[] c : device.groupChains(group)) {
            g.keys().kept().retake(TakenChains.decode(c).orElseThrow());
        }
        for (byte[] p : device.groupPositions(group)) {
            g.keys().kept().restore(ChainPositions.decode(p).orElseThrow());
        }
        return GroupSnapshots.encode(g);
    }

    /**
     * The ids (hex) of the chains the member {@code self} reads in the only group {@code device}
     * keeps, as a login restores it ({@link HeldGroups#restore}: the state, the chains taken since,
     * the positions).
     */
    public static java.util.Set<String> restoredChainIds(DeviceState device, byte[] self) {
        String group = device.groups().keySet().iterator().next();
        HeldGroups held = new HeldGroups(new OfflineLinks(), self, new SecureRandom(), MemoryBackups.of());
        held.restore(List.of(
                new KeptGroup(device.groups().get(group), device.groupChains(group), device.groupPositions(group))));
        return held.all().get(0).keys().heldChains().stream()
                .map(c -> java.util.HexFormat.of().formatHex(c.chainId()))
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Every message the DHT holds on the chains a member reads (its kept {@code state}), from the
     * start of each chain: the bytes anyone who knew the chain ids could fetch.
     */
    public static CompletableFuture<List<byte[]>> storedMessages(Dht dht, byte[] state, byte[] self) {
        HeldGroup g = decode(state, self);
        GroupArchive archive = new GroupArchive(dht);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> each = new ArrayList<>();
        for (GroupKeys.HeldChain c : g.keys().heldChains()) {
            each.add(archive.fetch(c.chainId(), 0)
                    .thenAccept(ms -> ms.forEach(m -> out.add(GroupMessageCodec.encode(m)))));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(x -> List.copyOf(out));
    }

    /**
     * The messages the DHT holds on each chain a member reads (its kept {@code state}), by chain id
     * (hex), from the start of each chain.
     */
    public static CompletableFuture<Map<String, List<byte[]>>> storedByChain(Dht dht, byte[] state, byte[] self) {
        HeldGroup g = decode(state, self);
        GroupArchive archive = new GroupArchive(dht);
        Map<String, List<byte[]>> out = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<?>> each = new ArrayList<>();
        for (GroupKeys.HeldChain c : g.keys().heldChains()) {
            each.add(archive.fetch(c.chainId(), 0)
                    .thenAccept(ms -> out.put(
                            java.util.HexFormat.of().formatHex(c.chainId()),
                            ms.stream().map(GroupMessageCodec::encode).toList())));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(x -> Map.copyOf(out));
    }

    /** The ids (hex) of the chains a member with this kept state reads. */
    public static java.util.Set<String> chainIds(byte[] state, byte[] self) {
        return decode(state, self).keys().heldChains().stream()
                .map(c -> java.util.HexFormat.of().formatHex(c.chainId()))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** The texts of those of {@code messages} a member with this kept state can open. */
    public static List<String> openedTexts(byte[] state, byte[] self, List<byte[]> messages) {
        HeldGroup g = decode(state, self);
        List<String> opened = new ArrayList<>();
        for (byte[] m : messages) {
            if (g.keys().open(GroupMessageCodec.decode(m).orElseThrow()) instanceof GroupKeys.Received.Text t) {
                opened.add(t.text().text());
            }
        }
        return opened;
    }

    /** How many of {@code messages} a member with this kept state can open. */
    public static int openable(byte[] state, byte[] self, List<byte[]> messages) {
        HeldGroup g = decode(state, self);
        int opened = 0;
        for (byte[] m : messages) {
            if (g.keys().open(GroupMessageCodec.decode(m).orElseThrow()) instanceof GroupKeys.Received.Text) {
                opened++;
            }
        }
        return opened;
    }

    /**
     * A live group envelope a malicious member (its kept {@code state}) forges on the chain of the
     * member {@code victim}: encrypted with the victim's next message key, which the malicious
     * member holds, and signed with a key of its own, as it does not hold the victim's chain
     * signing key.
     */
    public static byte[] forgedMessage(byte[] state, byte[] self, byte[] victim, String text, SecureRandom random) {
        return forged(state, self, victim, text, random, 0);
    }

    /** The same, 5 iterations past the victim's next one (a skip: the receiver catches up first). */
    public static byte[] forgedMessageAhead(
            byte[] state, byte[] self, byte[] victim, String text, SecureRandom random) {
        return forged(state, self, victim, text, random, 5);
    }

    private static byte[] forged(
            byte[] state, byte[] self, byte[] victim, String text, SecureRandom random, int ahead) {
        HeldGroup g = decode(state, self);
        KeptKeys.Chain chain = g.keys().kept().whole().receiving().stream()
                .filter(c -> Arrays.equals(c.owner(), victim))
                .findFirst()
                .orElseThrow();
        ReceivingChain.Kept k = chain.chain();
        ChainKey link = new ChainKey(k.chainKey(), k.iteration());
        for (int i = 0; i < ahead; i++) {
            link = link.next();
        }
        int iteration = k.iteration() + ahead;
        MessageKey.Secrets s = link.messageKey().secrets();
        byte[] groupId = g.keys().state().groupId();
        byte[] ciphertext = ChaChaPoly.seal(
                s.key(),
                s.nonce(),
                SealedGroupMessage.associatedData(groupId, k.chainId(), iteration),
                GroupMessageCodec.encodeText(new GroupText(MessageId.random(random), 1L, text)));
        SealedGroupMessage unsigned = new SealedGroupMessage(groupId, k.chainId(), iteration, ciphertext, new byte[0]);
        byte[] signature = Ed25519KeyPair.generate(random).sign(unsigned.signingInput());
        return GroupEnvelopes.message(new SealedGroupMessage(groupId, k.chainId(), iteration, ciphertext, signature));
    }

    /**
     * A control envelope a member who is not an admin ({@code signer}, its kept {@code state})
     * forges: the next epoch without the member {@code victim}, signed by itself.
     */
    public static byte[] forgedRemoval(byte[] state, Ed25519KeyPair signer, byte[] victim) {
        HeldGroup g = decode(state, signer.publicKey());
        SignedGroupState head = g.keys().membershipHead();
        byte[] record = NextEpoch.change(head, NextEpoch.without(head, victim), signer, 1L);
        return GroupEnvelopes.control(record, java.util.Optional.empty(), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /**
     * The record a member who is not an admin ({@code signer}, its kept {@code state}) forges: the
     * next epoch without the member {@code victim} and with itself an admin, signed by itself (to
     * publish in the DHT).
     */
    public static byte[] forgedRemovalRecord(byte[] state, Ed25519KeyPair signer, byte[] victim) {
        SignedGroupState head = decode(state, signer.publicKey()).keys().membershipHead();
        List<GroupMember> members = NextEpoch.without(head, victim).stream()
                .map(m -> m.hasKey(signer.publicKey()) ? new GroupMember(m.username(), m.identityKey(), true) : m)
                .toList();
        return NextEpoch.change(head, members, signer, 1L);
    }

    /**
     * The record of the member whose kept {@code state} this is leaving the group (the next epoch
     * without it, signed by itself, as any member may), saying it was issued at {@code issuedAtMillis}.
     */
    public static byte[] leaveDatedAt(byte[] state, Ed25519KeyPair self, long issuedAtMillis) {
        SignedGroupState head = decode(state, self.publicKey()).keys().membershipHead();
        return NextEpoch.change(head, NextEpoch.without(head, self.publicKey()), self, issuedAtMillis);
    }

    /** A control envelope replaying the oldest record {@code dht} holds for the group of {@code state}. */
    public static CompletableFuture<byte[]> replayedCreation(Dht dht, byte[] state, byte[] self) {
        HeldGroup g = decode(state, self);
        return new GroupArchive(dht)
                .membershipFrom(g.keys().state().groupId(), 0, -1)
                .thenApply(all -> GroupEnvelopes.control(
                        GroupStates.encodeRecord(all.get(0)),
                        java.util.Optional.empty(),
                        new byte[GroupEnvelopes.CONTROL_ID_BYTES]));
    }

    /**
     * A live group envelope of the member whose kept {@code state} this is, sealed on its chain one
     * iteration past its next one: the iteration in between is sealed too but never stored (as when
     * its put failed), a hole in the DHT.
     */
    public static byte[] sealedAfterAHole(byte[] state, byte[] self, String text, SecureRandom random) {
        HeldGroup g = decode(state, self);
        g.keys().seal(new GroupText(MessageId.random(random), 1L, "never stored"));
        return GroupEnvelopes.message(
                g.keys().seal(new GroupText(MessageId.random(random), 1L, text)).message());
    }

    /** The first iteration not opened of the chains of {@code owner} in a kept state (-1: none held). */
    public static int firstUnopenedOf(byte[] state, byte[] self, byte[] owner) {
        return decode(state, self).keys().heldChains().stream()
                .filter(c -> Arrays.equals(c.owner(), owner))
                .mapToInt(GroupKeys.HeldChain::firstUnopened)
                .max()
                .orElse(-1);
    }

    /**
     * A control envelope two epochs ahead of the head in the kept {@code state} of the admin
     * {@code admin}, signed by it (the epoch in between is published nowhere): a gap for every
     * member, which never closes.
     */
    public static byte[] twoEpochsAhead(byte[] state, Ed25519KeyPair admin) {
        SignedGroupState head = decode(state, admin.publicKey()).keys().membershipHead();
        SignedGroupState next = GroupStates.decode(
                        NextEpoch.change(head, head.state().members(), admin, 1L))
                .orElseThrow();
        byte[] record = NextEpoch.change(next, next.state().members(), admin, 2L);
        return GroupEnvelopes.control(record, java.util.Optional.empty(), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /**
     * The admin {@code admin}'s chain for an epoch past the head in its kept {@code state}, in a
     * hand-over naming that epoch's record, which is published nowhere: a member can verify
     * neither, now or later.
     */
    public static byte[] handOverOfAnEpochPublishedNowhere(byte[] state, Ed25519KeyPair admin) {
        SignedGroupState head = decode(state, admin.publicKey()).keys().membershipHead();
        SignedGroupState next = GroupStates.decode(
                        NextEpoch.change(head, head.state().members(), admin, 1L))
                .orElseThrow();
        GroupKeys keys = GroupKeys.of(admin.publicKey(), MembershipChain.resume(next), new SecureRandom());
        Distribution chain = keys.distributionsToAll().get(0).distribution();
        return GroupEnvelopes.handOver(next, chain, new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /**
     * A hand-over of a new chain of {@code self}'s naming the head record of its kept {@code state}
     * (the form sent to members that hold the group).
     */
    public static byte[] namedHandOverOfTheHead(byte[] state, Ed25519KeyPair self) {
        SignedGroupState head = decode(state, self.publicKey()).keys().membershipHead();
        GroupKeys keys = GroupKeys.of(self.publicKey(), MembershipChain.resume(head), new SecureRandom());
        Distribution chain = keys.distributionsToAll().get(0).distribution();
        return GroupEnvelopes.handOver(head, chain, new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /**
     * What a removed member {@code self} can send from its kept {@code state}: its own chain for an
     * epoch three past its head (published nowhere), carrying its old head record whole (genuine, signed
     * by an admin who is still a member, naming {@code self}).
     */
    public static byte[] aheadChainCarryingAnOldRecord(byte[] state, Ed25519KeyPair self) {
        HeldGroup g = decode(state, self.publicKey());
        SignedGroupState head = g.keys().membershipHead();
        SignedGroupState next = head;
        for (long i = 1; i <= 3; i++) { // ahead of the removal too
            next = GroupStates.decode(NextEpoch.change(next, next.state().members(), self, i))
                    .orElseThrow();
        }
        GroupKeys keys = GroupKeys.of(self.publicKey(), MembershipChain.resume(next), new SecureRandom());
        Distribution chain = keys.distributionsToAll().get(0).distribution();
        return GroupEnvelopes.control(
                g.headRecord(), java.util.Optional.of(chain), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /**
     * The next epoch after the head in the kept {@code state} of the admin {@code admin}, signed by
     * it, that gives each key of {@code bindings} its name: a member with the key is renamed, any
     * other key is added (not an admin). What a malicious admin can sign.
     */
    public static byte[] bindingEpoch(byte[] state, Ed25519KeyPair admin, Map<String, byte[]> bindings) {
        SignedGroupState head = decode(state, admin.publicKey()).keys().membershipHead();
        List<GroupMember> members = new ArrayList<>();
        for (GroupMember m : head.state().members()) {
            String name = bindings.entrySet().stream()
                    .filter(b -> m.hasKey(b.getValue()))
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(m.username());
            members.add(new GroupMember(name, m.identityKey(), m.admin()));
        }
        bindings.forEach((name, key) -> {
            if (!head.state().isMember(key)) {
                members.add(new GroupMember(name, key, false));
            }
        });
        return NextEpoch.change(head, members, admin, 1L);
    }

    /**
     * The next epoch after the head in the kept {@code state} of the admin {@code admin}, signed
     * by it, that makes the member with {@code key} an admin too (in its place).
     */
    public static byte[] promotion(byte[] state, Ed25519KeyPair admin, byte[] key) {
        SignedGroupState head = decode(state, admin.publicKey()).keys().membershipHead();
        List<GroupMember> members = head.state().members().stream()
                .map(m -> m.hasKey(key) ? new GroupMember(m.username(), m.identityKey(), true) : m)
                .toList();
        return NextEpoch.change(head, members, admin, 1L);
    }

    /**
     * What a removed admin can sign at any time: its own successor of the group's epoch {@code
     * epoch} (read from {@code dht}, the record on the branch that holds {@code signer} as an admin),
     * without the member with {@code dropped}.
     */
    public static CompletableFuture<byte[]> successorOf(
            Dht dht, byte[] groupId, long epoch, Ed25519KeyPair signer, byte[] dropped) {
        return new GroupArchive(dht).membershipFrom(groupId, epoch, epoch).thenApply(all -> {
            SignedGroupState parent = all.stream()
                    .filter(r -> r.state().epoch() == epoch && r.state().isAdmin(signer.publicKey()))
                    .findFirst()
                    .orElseThrow();
            return NextEpoch.change(parent, NextEpoch.without(parent, dropped), signer, 1L);
        });
    }

    /** The size of the membership record at the head of a kept state. */
    public static int headRecordBytes(byte[] state, byte[] self) {
        return decode(state, self).headRecord().length;
    }

    /** A control envelope carrying the membership {@code record} alone. */
    public static byte[] control(byte[] record) {
        return GroupEnvelopes.control(record, java.util.Optional.empty(), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
    }

    /** Publishes a membership {@code record} under its signer's key (as its admin's node would). */
    public static CompletableFuture<Void> publish(Dht dht, byte[] record, Ed25519KeyPair signer) {
        return new GroupArchive(dht)
                .publish(record, new io.confchat.dht.record.RecordSigner(signer))
                .thenApply(x -> null);
    }

    /**
     * What the member {@code self} of the epoch {@code record} sends once it holds it: a control
     * envelope with its new chain (with the chain's proof that it is {@code self}'s), then a
     * message sealed on that chain.
     */
    public static List<byte[]> chainAndMessage(byte[] record, byte[] self, String text, SecureRandom random) {
        SignedGroupState epoch = GroupStates.decode(record).orElseThrow();
        GroupKeys keys = GroupKeys.of(self, MembershipChain.resume(epoch), random);
        Distribution chain = keys.distributionsToAll().get(0).distribution();
        byte[] message = GroupEnvelopes.message(
                keys.seal(new GroupText(MessageId.random(random), 1L, text)).message());
        byte[] control =
                GroupEnvelopes.control(record, java.util.Optional.of(chain), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
        return List.of(control, message);
    }

    /**
     * What the member {@code self} whose kept state is {@code state} sends {@code recipient} when
     * one message on its chain does not reach it (neither live nor in the DHT, yet) and it then
     * starts a new chain: that message, the control envelope handing the new chain over (saying how
     * far the old one went), and a message on the new chain.
     */
    public static List<byte[]> missedThenNewChain(
            byte[] state, byte[] self, byte[] recipient, String missed, String onTheNewChain, SecureRandom random) {
        HeldGroup g = decode(state, self);
        byte[] old = GroupEnvelopes.message(g.keys()
                .seal(new GroupText(MessageId.random(random), 1L, missed))
                .message());
        Distribution chain = g.keys().restartSending(g.keys().sendingNextIteration()).stream()
                .filter(a -> a.recipient().hasKey(recipient))
                .findFirst()
                .orElseThrow()
                .distribution();
        byte[] control = GroupEnvelopes.control(
                g.headRecord(), java.util.Optional.of(chain), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
        byte[] next = GroupEnvelopes.message(g.keys()
                .seal(new GroupText(MessageId.random(random), 2L, onTheNewChain))
                .message());
        return List.of(old, control, next);
    }

    /**
     * What a removed member whose kept state from before its removal is {@code state} can do: start
     * a chain of its own for the epoch it was last a member of (with its owner proof), seal on it
     * each of {@code texts} sent at the matching time of {@code sentAtMillis}, store them in the
     * DHT, and hand the chain to {@code recipient} as if it were late. Completes with the control
     * envelope once the copies are stored.
     */
    public static CompletableFuture<byte[]> lateChainAfterRemoval(
            Dht dht,
            byte[] state,
            byte[] self,
            byte[] recipient,
            List<String> texts,
            List<Long> sentAtMillis,
            SecureRandom random) {
        HeldGroup g = decode(state, self);
        Distribution chain = g.keys().restartSending(g.keys().sendingNextIteration()).stream()
                .filter(a -> a.recipient().hasKey(recipient))
                .findFirst()
                .orElseThrow()
                .distribution();
        GroupArchive archive = new GroupArchive(dht);
        List<CompletableFuture<?>> stored = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            SealedGroupMessage m = g.keys()
                    .seal(new GroupText(MessageId.random(random), sentAtMillis.get(i), texts.get(i)))
                    .message();
            stored.add(archive.store(g.keys(), m));
        }
        byte[] control = GroupEnvelopes.control(
                g.headRecord(), java.util.Optional.of(chain), new byte[GroupEnvelopes.CONTROL_ID_BYTES]);
        return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).thenApply(x -> control);
    }

    /** The id of the sending chain in a kept state (empty: none, the member was removed). */
    public static byte[] sendingChainId(byte[] state, byte[] self) {
        return decode(state, self).keys().sendingChainId().orElse(new byte[0]);
    }

    /** The secrets of the sending chain in a kept state: its next chain key and its signing seed. */
    public static List<byte[]> sendingSecrets(byte[] state, byte[] self) {
        KeptKeys.Sending s = decode(state, self).keys().kept().whole().sending().orElseThrow();
        return List.of(s.chainKey(), s.signingSeed());
    }

    /** The head membership record of the group in a kept state. */
    public static byte[] headRecord(byte[] state, byte[] self) {
        return decode(state, self).headRecord();
    }

    /** The epoch of the group in a kept state. */
    public static long epoch(byte[] state, byte[] self) {
        return decode(state, self).keys().state().epoch();
    }

    private static HeldGroup decode(byte[] state, byte[] self) {
        return GroupSnapshots.decode(state, self, new SecureRandom()).orElseThrow();
    }
}
