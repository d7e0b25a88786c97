package io.confchat.chat.internal.group;

import io.confchat.api.chat.MessageId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cryptography of a group message and of a removal, with no I/O: what a member's CPU spends
 * for the group itself, before the pairwise channels and the DHT carry anything.
 *
 * <ul>
 *   <li>{@link #send}: the sender seals a 100-byte text on its chain (one message key, one
 *       ChaCha20-Poly1305, one Ed25519 signature, which is also the one DHT copy's: until
 *       2026-11-30 the copy was signed a second time) and builds the one DHT copy,
 *       then encodes it: once per message, whatever the group's size.
 *   <li>{@link #receive}: a receiver checks the signature and opens the message.
 *   <li>{@link #removal}: an admin of a group of {@code members} accepts the removal of one member
 *       (the membership record's signature checked, a new chain started) and encodes the new chain
 *       for each of the remaining members: what a removal costs one remaining member before the
 *       channels carry its distributions.
 * </ul>
 *
 * <p>Lives in the package it measures because its types are package-private; the library's module
 * does not export this package, only the benchmarks' class path reaches it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class GroupCryptoBenchmark {
    private static final int BATCH = 256;
    private static final String TEXT = "0123456789".repeat(10);
    private static final byte[] NONCE = new byte[16];
    private static final SecureRandom RANDOM = new SecureRandom();

    @Param({"100"})
    public int members;

    private final SecureRandom random = new SecureRandom();
    private final List<Ed25519KeyPair> users = new ArrayList<>();
    private SignedGroupState genesis;
    private SignedGroupState withoutLast;
    private GroupKeys sender;
    private GroupKeys receiver;
    private final List<SealedGroupMessage> inbound = new ArrayList<>();
    private GroupKeys admin;

    @Setup(Level.Trial)
    public void group() {
        List<GroupMember> list = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            byte[] seed = Arrays.copyOf(("member" + i).getBytes(StandardCharsets.UTF_8), 32);
            Ed25519KeyPair keys = Ed25519KeyPair.fromPrivateKey(seed);
            users.add(keys);
            list.add(new GroupMember("member" + i, keys.publicKey(), i == 0));
        }
        byte[] creator = users.get(0).publicKey();
        GroupState zero = new GroupState(
                GroupStates.groupId(creator, NONCE), creator, NONCE, 0, new byte[0], "bench", list, creator, 1L);
        genesis = decode(GroupStates.sign(zero, users.get(0)));
        GroupState one = new GroupState(
                zero.groupId(), creator, NONCE, 1, genesis.hash(), "bench", list.subList(0, members - 1), creator, 2L);
        withoutLast = decode(GroupStates.sign(one, users.get(0)));
        sender = keysOf(0);
        receiver = keysOf(1);
        deliverTo(receiver, 1, sender.distributionsToAll());
    }

    /** The sender's messages the next {@link #receive} invocation opens, sealed outside the timing. */
    @Setup(Level.Invocation)
    public void sealBatch() {
        inbound.clear();
        for (int i = 0; i < BATCH; i++) {
            GroupKeys.Sent sent = sender.seal(text());
            deliverTo(receiver, 1, sent.distributionsFirst());
            inbound.add(sent.message());
        }
        admin = keysOf(0);
    }

    @Benchmark
    public byte[] send() {
        GroupKeys.Sent sent = sender.seal(text());
        deliverTo(receiver, 1, sent.distributionsFirst());
        return sender.storedCopy(sent.message()).signature();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int receive() {
        int opened = 0;
        for (SealedGroupMessage m : inbound) {
            GroupKeys.Received r = receiver.open(m);
            if (!(r instanceof GroupKeys.Received.Text)) {
                throw new IllegalStateException("message " + m.iteration() + " not opened: " + r);
            }
            opened++;
        }
        return opened;
    }

    @Benchmark
    public int removal() {
        GroupKeys.Update update = admin.offer(withoutLast, System.currentTimeMillis());
        if (update.check() != MembershipCheck.ACCEPTED || update.distributions().size() != members - 2) {
            throw new IllegalStateException("removal not applied: " + update.check());
        }
        int bytes = 0;
        for (GroupKeys.Addressed a : update.distributions()) {
            bytes += DistributionCodec.encode(a.distribution()).length;
        }
        return bytes;
    }

    private GroupKeys keysOf(int member) {
        return GroupKeys.of(
                users.get(member).publicKey(),
                MembershipChain.start(genesis).chain().orElseThrow(),
                random);
    }

    private void deliverTo(GroupKeys keys, int member, List<GroupKeys.Addressed> distributions) {
        for (GroupKeys.Addressed a : distributions) {
            if (a.recipient().hasKey(users.get(member).publicKey())) {
                keys.accept(users.get(0).publicKey(), a.distribution());
            }
        }
    }

    private static GroupText text() {
        return new GroupText(MessageId.random(RANDOM), System.currentTimeMillis(), TEXT);
    }

    private static SignedGroupState decode(byte[] record) {
        return GroupStates.decode(record).orElseThrow(() -> new IllegalStateException("state does not decode"));
    }
}
