package io.confchat.chat.internal.group;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.MessageId;
import io.confchat.chat.internal.device.DeviceState;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.group.TestGroup.User;
import io.confchat.dht.internal.sim.SeededRandom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members of two groups send and read many messages, each message's chain position journalled in a
 * real device journal (compacted on the way, as a small threshold makes it), then restart from the
 * journal alone: every group's every chain is where it was, the sending chains go on with the next
 * unused message key, and a message skipped before the restart still opens after it.
 */
class GroupRestartTest {
    private static final long COMPACT_AT = 16 * 1024;
    private static final int MESSAGES = 300;
    private static final byte[] STORAGE_KEY = SenderKeyChainTest.filled(32, 3);

    @TempDir
    Path dir;

    private final User alice = User.named("alice");
    private final User bob = User.named("bob");
    private final SecureRandom random = SeededRandom.of(11);
    private final List<DeviceStates> devices = new ArrayList<>();

    @Test
    void afterManySendsReceivesAndCompactions_aRestartRestoresEveryChainsLatestPosition() throws IOException {
        Member a = new Member(alice, start(alice));
        Member b = new Member(bob, start(bob));
        List<HeldGroup[]> groups = List.of(pair(a, b, 1), pair(a, b, 2));
        List<SealedGroupMessage> withheld = new ArrayList<>();
        long positionBytes = 0;
        for (int i = 0; i < MESSAGES; i++) {
            for (HeldGroup[] g : groups) {
                SealedGroupMessage fromAlice = a.send(g[0]);
                if (i % 50 == 7) {
                    withheld.add(fromAlice); // bob reads past it: its key is kept as a skipped one
                } else {
                    b.read(g[1], fromAlice);
                }
                if (i % 3 == 0) {
                    a.read(g[0], b.send(g[1]));
                }
            }
        }
        positionBytes += a.device.bytes + b.device.bytes;
        close();
        assertThat(journalSize(alice) + journalSize(bob))
                .as("compacted: the journals hold less than the positions written")
                .isLessThan(positionBytes);

        Member a2 = new Member(alice, start(alice));
        Member b2 = new Member(bob, start(bob));
        a2.held.restore(a2.device.kept());
        b2.held.restore(b2.device.kept());
        for (HeldGroup[] g : groups) {
            HeldGroup a2g = a2.held.find(g[0].id()).orElseThrow();
            HeldGroup b2g = b2.held.find(g[1].id()).orElseThrow();
            assertThat(positions(a2g)).isEqualTo(positions(g[0]));
            assertThat(positions(b2g)).isEqualTo(positions(g[1]));
            assertThat(a2g.keys().kept().whole().sending().orElseThrow().iteration())
                    .isEqualTo(
                            g[0].keys().kept().whole().sending().orElseThrow().iteration())
                    .isEqualTo(MESSAGES);

            // the restored sender goes on with the next key: the reader (not restarted) opens it
            assertThat(g[1].keys().open(a2.seal(a2g))).isInstanceOf(GroupKeys.Received.Text.class);
            assertThat(g[0].keys().open(b2.seal(b2g))).isInstanceOf(GroupKeys.Received.Text.class);
        }
        for (SealedGroupMessage m : withheld) {
            HeldGroup b2g = b2.held.find(GroupId.of(m.groupId())).orElseThrow();
            assertThat(b2g.keys().open(m)).as("skipped before the restart").isInstanceOf(GroupKeys.Received.Text.class);
        }
    }

    /**
     * A group one of whose kept positions does not decode is not restored: the position could be
     * the sending chain's, and a chain restored behind it would seal with a used message key.
     */
    @Test
    void aGroupWithAPositionThatDoesNotDecode_isNotRestored() {
        Member a = new Member(alice, start(alice));
        Member b = new Member(bob, start(bob));
        HeldGroup[] g = pair(a, b, 3);
        a.send(g[0]);
        List<KeptGroup> kept = a.device.kept();
        assertThat(kept).hasSize(1);
        HeldGroups restored = new HeldGroups(a.device, alice.key(), random, MemoryBackups.of());
        restored.restore(List.of(new KeptGroup(
                kept.get(0).state(), List.of(kept.get(0).positions().get(0), new byte[] {(byte) 0xff, 1}))));
        assertThat(restored.holds(g[0].id())).isFalse();

        restored.restore(kept);
        assertThat(restored.find(g[0].id())
                        .orElseThrow()
                        .keys()
                        .kept()
                        .whole()
                        .sending()
                        .orElseThrow()
                        .iteration())
                .isEqualTo(1);
    }

    /**
     * bob starts three new chains one after another (as at three rekeys) and alice takes each,
     * reading a message of each: each chain taken is journalled alone, not the whole state; a
     * restart from the journal alone holds the same chains in the same order (bob's oldest dropped
     * as each third came) at the same positions, and opens bob's next message. Fails when a
     * restore does not take the journalled chains again (HeldGroups.restore).
     */
    @Test
    void chainsTaken_areJournalledAlone_andARestartHoldsTheSameChainsInOrder() throws IOException {
        Member a = new Member(alice, start(alice));
        Member b = new Member(bob, start(bob));
        HeldGroup[] g = pair(a, b, 4);
        int statesBefore = a.device.states;
        for (int i = 0; i < 3; i++) {
            Distribution d = g[1].keys().restartSending(0).get(0).distribution();
            synchronized (a.held) {
                assertThat(g[0].keys().accept(bob.key(), d)).isEqualTo(GroupKeys.DistributionCheck.ACCEPTED);
                a.held.keepChain(g[0], d.chain().chainId());
            }
            a.read(g[0], b.seal(g[1]));
        }
        assertThat(a.device.states).as("no whole state for a chain taken").isEqualTo(statesBefore);
        assertThat(a.device.chains).isEqualTo(3);
        close();

        Member a2 = new Member(alice, start(alice));
        a2.held.restore(a2.device.kept());
        HeldGroup a2g = a2.held.find(g[0].id()).orElseThrow();
        assertThat(positions(a2g)).isEqualTo(positions(g[0]));
        assertThat(a2g.keys().open(b.seal(g[1]))).isInstanceOf(GroupKeys.Received.Text.class);
    }

    /** A joined group of alice (admin) and bob with each other's chains, each member's view kept. */
    private HeldGroup[] pair(Member a, Member b, int nonce) {
        SignedGroupState genesis = genesis(nonce);
        HeldGroup ag = a.join(genesis);
        HeldGroup bg = b.join(genesis);
        ag.keys().distributionsToAll().forEach(d -> bg.keys().accept(alice.key(), d.distribution()));
        bg.keys().distributionsToAll().forEach(d -> ag.keys().accept(bob.key(), d.distribution()));
        a.held.keep(ag);
        b.held.keep(bg);
        return new HeldGroup[] {ag, bg};
    }

    private static SignedGroupState genesis(int nonce) {
        byte[] n = SenderKeyChainTest.filled(16, nonce);
        List<GroupMember> members =
                List.of(User.named("alice").asMember(true), User.named("bob").asMember(false));
        byte[] creator = User.named("alice").key();
        GroupState s = new GroupState(
                GroupStates.groupId(creator, n), creator, n, 0, new byte[0], "g" + nonce, members, creator, 1L);
        return TestGroup.decode(GroupStates.sign(s, User.named("alice").keys()));
    }

    /** Every chain's kept position (chain id, key, iteration, skipped keys), comparable. */
    private static List<String> positions(HeldGroup g) {
        List<String> out = new ArrayList<>();
        KeptKeys.Whole k = g.keys().kept().whole();
        k.sending().ifPresent(s -> out.add("send " + hex(s.chainKey()) + " " + s.iteration()));
        for (KeptKeys.Chain c : k.receiving()) {
            StringBuilder skipped = new StringBuilder();
            c.chain()
                    .skipped()
                    .forEach((i, seed) ->
                            skipped.append(i).append(':').append(hex(seed)).append(' '));
            out.add(hex(c.chain().chainId()) + " " + hex(c.chain().chainKey()) + " "
                    + c.chain().iteration() + " " + skipped);
        }
        return out;
    }

    private DeviceState start(User u) {
        DeviceStates d = new DeviceStates(1 << 20, Optional.of(dir), random, COMPACT_AT);
        devices.add(d);
        return d.of(u.name(), STORAGE_KEY);
    }

    private void close() {
        devices.forEach(DeviceStates::close);
        devices.clear();
    }

    private long journalSize(User u) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            String name = "journal-" + hex(u.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Files.size(files.filter(p -> p.getFileName().toString().equals(name))
                    .findFirst()
                    .orElseThrow());
        }
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }

    /** One member: its held groups over a device journal, as a login keeps them. */
    private final class Member {
        final User user;
        final Device device;
        final HeldGroups held;

        Member(User user, DeviceState state) {
            this.user = user;
            this.device = new Device(state);
            this.held = new HeldGroups(device, user.key(), random, MemoryBackups.of());
        }

        HeldGroup join(SignedGroupState genesis) {
            GroupKeys keys = GroupKeys.of(
                    user.key(), MembershipChain.start(genesis).chain().orElseThrow(), random);
            HeldGroup g = new HeldGroup(keys, GroupStates.encodeRecord(genesis), HeldGroup.Standing.JOINED, "");
            held.adopt(g);
            return g;
        }

        /** Seals one message and keeps the position, as {@code GroupSending.send}. */
        SealedGroupMessage send(HeldGroup g) {
            synchronized (held) {
                SealedGroupMessage m = seal(g);
                held.keepPosition(g, m.chainId());
                return m;
            }
        }

        SealedGroupMessage seal(HeldGroup g) {
            return g.keys()
                    .seal(new GroupText(MessageId.random(random), 1L, "text"))
                    .message();
        }

        /** Opens one message and keeps the position, as {@code GroupIntake} does for a live one. */
        void read(HeldGroup g, SealedGroupMessage m) {
            synchronized (held) {
                assertThat(g.keys().open(m)).isInstanceOf(GroupKeys.Received.Text.class);
                held.keepPosition(g, m.chainId());
            }
        }
    }

    /**
     * The login's side of {@link GroupLinks#keep}, {@link GroupLinks#keepChain} and {@link
     * GroupLinks#keepPosition}, as {@code GroupChannels}.
     */
    private static final class Device extends OfflineLinks {
        final DeviceState state;
        long bytes;
        int states;
        int chains;

        Device(DeviceState state) {
            this.state = state;
        }

        List<KeptGroup> kept() {
            return state.groups().entrySet().stream()
                    .map(e -> new KeptGroup(
                            e.getValue(), state.groupChains(e.getKey()), state.groupPositions(e.getKey())))
                    .toList();
        }

        @Override
        public void keep(GroupId group, byte[] s) {
            states++;
            state.saveGroup(group.toString(), s);
            state.sync();
        }

        @Override
        public void keepChain(GroupId group, byte[] chainId, byte[] chain) {
            chains++;
            state.saveGroupChain(group.toString(), chainId, chain);
            state.sync();
        }

        @Override
        public void keepPosition(GroupId group, byte[] chainId, byte[] position) {
            bytes += position.length;
            state.saveGroupPosition(group.toString(), chainId, position);
            state.sync();
        }
    }
}
