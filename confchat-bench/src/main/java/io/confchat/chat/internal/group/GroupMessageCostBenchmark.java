package io.confchat.chat.internal.group;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.MessageId;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * What one group message costs the CPU of the member that sends it and of a member that reads it,
 * separately, in a group of {@value Member#MEMBERS} where every member has spoken (each holds the
 * chains of the 99 others): everything the group code does per message besides the pairwise
 * channels and the DHT.
 *
 * <ul>
 *   <li>{@link #sender}: seal a 100-byte text, sign its DHT copy, encode the live envelope, and make
 *       the chain's new position durable as {@code GroupSending.send} does (under the held groups'
 *       lock, through {@link HeldGroups} to the device).
 *   <li>{@link #receiver}: decode a live envelope, check the signature, open it, and make the
 *       chain's new position durable, as {@code GroupIntake} does.
 * </ul>
 *
 * Each also measures its thread's CPU time around the messages (the JMH score is wall-clock time,
 * which other load on the machine inflates). The device is a counter of what it is asked to keep:
 * at the end of each trial the CPU time and the bytes handed to the device per message measured are
 * printed (what the device journal then seals and appends, plus its 36
 * bytes of framing, nonce and tag per entry). Sealing and writing the journal file are not in the
 * timing. Lives in the package it measures because its types are package-private.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 4)
public class GroupMessageCostBenchmark {
    private static final int BATCH = 64;
    private static final String TEXT = "0123456789".repeat(10);
    private static final byte[] NONCE = new byte[16];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Seal, sign the copy, encode the envelope, keep the position: as {@code GroupSending.send}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int sender(Sender s) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int bytes = 0;
        for (int i = 0; i < BATCH; i++) {
            byte[] copy;
            GroupKeys.Sent sent;
            synchronized (s.held) {
                sent = s.group.keys().seal(text());
                copy = s.group.keys().storedCopy(sent.message()).signature();
                s.keepSent(sent);
            }
            bytes += copy.length + GroupEnvelopes.message(sent.message()).length;
        }
        s.counted(BATCH, THREADS.getCurrentThreadCpuTime() - cpu0);
        return bytes;
    }

    /** Decode, verify, open, keep the position: as {@code GroupIntake} does for a live message. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int receiver(Receiver r) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int opened = 0;
        for (byte[] e : r.envelopes) {
            SealedGroupMessage m =
                    ((GroupEnvelopes.Envelope.Message) GroupEnvelopes.decode(e).orElseThrow()).message();
            GroupKeys.Received received;
            synchronized (r.held) {
                received = r.group.keys().open(m);
            }
            if (!(received instanceof GroupKeys.Received.Text)) {
                throw new IllegalStateException("message " + m.iteration() + " not opened: " + received);
            }
            r.keepOpened(m);
            opened++;
        }
        r.counted(BATCH, THREADS.getCurrentThreadCpuTime() - cpu0);
        return opened;
    }

    /** One member of the group, with a device that counts what it is asked to keep. */
    public abstract static class Member {
        static final int MEMBERS = 100;
        final CountingDevice device = new CountingDevice();
        HeldGroups held;
        HeldGroup group;
        /** Member 0, whose messages the receiver reads. */
        HeldGroup first;

        byte[] selfKey;
        byte[] firstKey;

        /** Builds the group with this member as member {@code self}. */
        void build(int self) {
            SecureRandom random = new SecureRandom();
            List<Ed25519KeyPair> users = new ArrayList<>();
            List<GroupMember> list = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                Ed25519KeyPair keys = Ed25519KeyPair.fromPrivateKey(
                        Arrays.copyOf(("member" + i).getBytes(StandardCharsets.UTF_8), 32));
                users.add(keys);
                list.add(new GroupMember(String.format("member%03d", i), keys.publicKey(), i == 0));
            }
            byte[] creator = users.get(0).publicKey();
            GroupState zero = new GroupState(
                    GroupStates.groupId(creator, NONCE), creator, NONCE, 0, new byte[0], "bench", list, creator, 1L);
            byte[] record = GroupStates.sign(zero, users.get(0));
            SignedGroupState genesis = GroupStates.decode(record).orElseThrow();
            List<HeldGroup> all = new ArrayList<>();
            for (int i = 0; i < MEMBERS; i++) {
                GroupKeys k = GroupKeys.of(
                        users.get(i).publicKey(),
                        MembershipChain.start(genesis).chain().orElseThrow(),
                        random);
                all.add(new HeldGroup(k, record, HeldGroup.Standing.JOINED, ""));
            }
            selfKey = users.get(self).publicKey();
            firstKey = users.get(0).publicKey();
            group = all.get(self);
            first = all.get(0);
            for (int j = 0; j < MEMBERS; j++) {
                for (GroupKeys.Addressed a : all.get(j).keys().distributionsToAll()) {
                    if (a.recipient().hasKey(selfKey)) {
                        group.keys().accept(users.get(j).publicKey(), a.distribution());
                    }
                }
            }
            held = new HeldGroups(device, selfKey, random, MemoryBackups.of());
            held.adopt(group);
            device.reset();
        }

        long messages;
        long cpuNanos;
        boolean measuring;

        void counted(int batch, long cpu) {
            messages += batch;
            cpuNanos += cpu;
        }

        /** Counts from the first measurement iteration on (warm-up left out). */
        @Setup(Level.Iteration)
        public void iteration(IterationParams params) {
            if (params.getType() == IterationType.MEASUREMENT && !measuring) {
                measuring = true;
                messages = 0;
                cpuNanos = 0;
                device.reset();
            }
        }

        /** Prints this thread's CPU time per message measured, and the bytes handed to the device. */
        @TearDown(Level.Trial)
        public void perMessage() {
            System.out.printf(
                    Locale.ROOT,
                    "%n%s: thread CPU per message %.1f us, bytes handed to the device journal per message %.0f"
                            + " (%d messages measured)%n",
                    getClass().getSimpleName().replace("_jmhType", "").replaceAll(".*_", ""),
                    cpuNanos / 1e3 / Math.max(1, messages),
                    device.perKeep(),
                    messages);
        }
    }

    /** Member 0, the sender. */
    @State(Scope.Thread)
    public static class Sender extends Member {
        @Setup(Level.Trial)
        public void setUp() {
            build(0);
        }

        /** What {@code GroupSending.send} keeps once sealed. */
        void keepSent(GroupKeys.Sent sent) {
            if (sent.distributionsFirst().isEmpty()) {
                held.keepPosition(group, sent.message().chainId());
            } else {
                held.keep(group);
            }
        }
    }

    /** Member 1, reading member 0's messages, sealed outside the timing. */
    @State(Scope.Thread)
    public static class Receiver extends Member {
        final List<byte[]> envelopes = new ArrayList<>();

        @Setup(Level.Trial)
        public void setUp() {
            build(1);
        }

        @Setup(Level.Invocation)
        public void sealBatch() {
            envelopes.clear();
            for (int i = 0; i < BATCH; i++) {
                GroupKeys.Sent sent = first.keys().seal(text());
                for (GroupKeys.Addressed a : sent.distributionsFirst()) { // a full chain was replaced
                    if (a.recipient().hasKey(selfKey)) {
                        group.keys().accept(firstKey, a.distribution());
                    }
                }
                envelopes.add(GroupEnvelopes.message(sent.message()));
            }
        }

        /** What {@code GroupIntake} keeps once a live message opened. */
        void keepOpened(SealedGroupMessage m) {
            held.keepPosition(group, m.chainId());
        }
    }

    /** A device that counts what the group code asks it to keep. */
    static final class CountingDevice extends OfflineLinks {
        long keeps;
        long bytes;

        void reset() {
            keeps = 0;
            bytes = 0;
        }

        double perKeep() {
            return keeps == 0 ? 0 : (double) bytes / keeps;
        }

        @Override
        public void keep(GroupId group, byte[] state) {
            keeps++;
            bytes += state.length;
        }

        @Override
        public void keepPosition(GroupId group, byte[] chainId, byte[] position) {
            keeps++;
            bytes += position.length;
        }
    }

    private static GroupText text() {
        return new GroupText(MessageId.random(RANDOM), System.currentTimeMillis(), TEXT);
    }
}
