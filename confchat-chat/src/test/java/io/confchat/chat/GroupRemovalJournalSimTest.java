package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupId;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.group.GroupProbe;
import io.confchat.dht.internal.sim.SeededRandom;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a removal writes to the members' device journals (real journal files, never compacted here,
 * so their growth is the bytes written): every remaining member applies the removal (one whole
 * state) and takes the new chain of each other remaining member, which journals that chain alone.
 * On the simulated network with manual time; {@code -Dconfchat.journalRemovalMembers=N} sets the
 * group's size (default 12; BENCHMARKS.md "Group chats" has the figures for larger groups).
 */
class GroupRemovalJournalSimTest {
    private static final String PASSWORD = "a long enough password";
    private static final int MEMBERS = Integer.getInteger("confchat.journalRemovalMembers", 12);

    @TempDir
    Path dir;

    private final ChatSim sim = new ChatSim(20261130L, 5);
    private final List<ChatClient> clients = new ArrayList<>();
    private final List<DeviceStates> devices = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * A removal costs each remaining member less than two whole states of journal: one for the
     * removal, and a few hundred bytes per chain taken (the group's whole state each time before).
     */
    @Test
    void aRemoval_journalsOneStatePerMember_andEachChainTakenAlone() {
        for (int i = 0; i < MEMBERS; i++) {
            names.add("member" + i);
            DeviceStates device = new DeviceStates(
                    48L * 1024 * ChatSim.CONFIG.historyRetentionChunks(),
                    Optional.of(dir),
                    SeededRandom.of(i),
                    Long.MAX_VALUE);
            devices.add(device);
            ChatClient c = sim.client(device, ChatSim.CONFIG);
            sim.await(c.register(names.get(i), PASSWORD));
            sim.await(c.login(names.get(i), PASSWORD));
            clients.add(c);
        }
        GroupId id = sim.await(clients.get(0).createGroup("crew", names.subList(1, MEMBERS)))
                .id();
        sim.advance(Duration.ofSeconds(5));
        for (ChatClient c : clients.subList(1, MEMBERS)) {
            sim.await(c.joinGroup(id));
        }
        sim.advance(Duration.ofSeconds(30));
        long[] before = journalSizes();

        sim.await(clients.get(0).removeFromGroup(id, names.get(MEMBERS - 1)));
        sim.advance(Duration.ofSeconds(30));
        long[] after = journalSizes();

        long total = 0;
        long most = 0;
        for (int i = 1; i < MEMBERS - 1; i++) {
            long written = after[i] - before[i];
            total += written;
            most = Math.max(most, written);
        }
        int state = wholeState(1);
        System.out.printf(
                "journal bytes of a removal, %d members: %,d in all, %,d per remaining member (at most %,d);"
                        + " a member's whole group state %,d%n",
                MEMBERS, total, total / (MEMBERS - 2), most, state);
        assertThat(most)
                .as("one whole state (and the removal's message) and each chain taken alone: under two states")
                .isLessThan(2L * state);
    }

    /** The size of the group's whole state as member {@code i} keeps it. */
    private int wholeState(int i) {
        ChatClient c = clients.get(i);
        return GroupProbe.only(
                        devices.get(i).of(names.get(i), Internals.account(c).storageKey()),
                        Internals.account(c).identity().publicKey())
                .length;
    }

    private long[] journalSizes() {
        long[] sizes = new long[MEMBERS];
        for (int i = 0; i < MEMBERS; i++) {
            sizes[i] = journalSize(i);
        }
        return sizes;
    }

    private long journalSize(int member) {
        Path file = dir.resolve(
                "journal-" + HexFormat.of().formatHex(names.get(member).getBytes(StandardCharsets.UTF_8)));
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
