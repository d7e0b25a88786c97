package io.confchat.chat.internal.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device journal on a real file: written as the memory changes, read back after a restart. */
class DeviceJournalTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MAX_UNSAVED = 1 << 20;

    @TempDir
    Path dir;

    private final byte[] storageKey = bytes(32);
    private final byte[] bobKey = bytes(32);
    private final List<DeviceJournal> open = new ArrayList<>();

    @AfterEach
    void close() {
        open.forEach(DeviceJournal::close);
    }

    @Test
    void whatWasShownAndNotSaved_isThereAfterARestart_andWhatWasSavedIsNot() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        List<ChatMessage> texts = messages(5);
        before.seen().addAll(bobKey, texts);
        texts.forEach(before.unsaved("bob")::add);
        before.unsaved("bob").saved(before.unsaved("bob").oldest(2));
        before.sync();
        crash();

        DeviceState after = started(Long.MAX_VALUE);

        assertThat(after.unsaved("bob").snapshot()).containsExactlyElementsOf(texts.subList(2, 5));
        assertThat(after.unsaved("bob").lastMark())
                .isEqualTo(before.unsaved("bob").lastMark());
        texts.forEach(m -> assertThat(after.seen().contains(bobKey, m.id())).isTrue());
        assertThat(after.seen().contains(bytes(32), texts.get(0).id()))
                .as("another sender")
                .isFalse();
        assertThat(after.peersWithUnsaved()).containsExactly("bob");
    }

    @Test
    void aWriteCutShortByADeath_isDropped_andTheEntriesBeforeItAndAfterTheRestartRemain() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        List<ChatMessage> texts = messages(3);
        texts.forEach(before.unsaved("bob")::add);
        before.sync();
        crash();
        Path file = journalFile();
        long whole = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 7, 7, 7})); // half a frame
        }

        DeviceState after = started(Long.MAX_VALUE);
        assertThat(Files.size(file)).isEqualTo(whole);
        ChatMessage later = messages(1).get(0);
        after.unsaved("bob").add(later);
        after.sync();
        crash();

        assertThat(started(Long.MAX_VALUE).unsaved("bob").snapshot())
                .containsExactly(texts.get(0), texts.get(1), texts.get(2), later);
    }

    @Test
    void aDamagedEntry_endsTheReading_withoutAnError() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        List<ChatMessage> texts = messages(3);
        texts.forEach(before.unsaved("bob")::add);
        before.sync();
        crash();
        Path file = journalFile();
        byte[] bytes = Files.readAllBytes(file);
        int second = 8 + ByteBuffer.wrap(bytes).getInt(0);
        bytes[second + 20] ^= 1;
        Files.write(file, bytes);

        assertThat(started(Long.MAX_VALUE).unsaved("bob").snapshot()).containsExactly(texts.get(0));
    }

    @Test
    void aHeaderClaimingAHugeEntry_isNotBelieved() throws IOException {
        crash(); // creates the empty file
        Files.write(journalFile(), new byte[] {0x7f, -1, -1, -1, 0, 0, 0, 0, 1, 2, 3});

        assertThat(started(Long.MAX_VALUE).peersWithUnsaved()).isEmpty();
        assertThat(Files.size(journalFile())).isZero();
    }

    @Test
    void theFileIsSealed_privateToItsOwner_andUnreadableWithAnotherKey() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        before.unsaved("bob").add(message("a secret about the plan"));
        before.sync();
        crash();

        assertThat(new String(Files.readAllBytes(journalFile()), java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain("secret")
                .doesNotContain("bob");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journalFile())))
                .isEqualTo("rw-------");
        DeviceState other = new DeviceState(MAX_UNSAVED);
        Optional<DeviceJournal> j =
                DeviceJournal.open(dir, "alice", bytes(32), RANDOM, MAX_UNSAVED, Long.MAX_VALUE, other::apply);
        j.ifPresent(open::add);
        assertThat(other.peersWithUnsaved()).isEmpty();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .as("the other key's journal is kept aside, not overwritten")
                .anyMatch(n -> n.contains(".other-key-"));
    }

    @Test
    void aSecondProcessOfTheSameUser_getsNoJournal() throws IOException {
        started(Long.MAX_VALUE);

        assertThat(DeviceJournal.open(dir, "alice", storageKey, RANDOM, MAX_UNSAVED, e -> {}))
                .isEmpty();
    }

    @Test
    void aJournalOutgrowingItsLimit_isCompacted_toTheSameMemory() throws IOException {
        DeviceState before = started(64 * 1024);
        List<ChatMessage> texts = messages(400);
        for (int i = 0; i < texts.size(); i++) {
            ChatMessage m = texts.get(i);
            before.seen().add(bobKey, m.id());
            before.unsaved("bob").add(m);
            if (i % 50 == 49) {
                before.unsaved("bob").saved(before.unsaved("bob").oldest(45));
            }
            before.sync();
        }
        before.unsaved("carol").add(message("to carol"));
        before.unsaved("carol").saved(before.unsaved("carol").oldest(1)); // carol's marks go on at 1
        before.sync();
        crash();

        assertThat(Files.size(journalFile())).isLessThan(64 * 1024 + 4096);
        DeviceState after = started(Long.MAX_VALUE);
        assertThat(after.unsaved("bob").snapshot())
                .isEqualTo(before.unsaved("bob").snapshot());
        assertThat(after.unsaved("bob").lastMark())
                .isEqualTo(before.unsaved("bob").lastMark());
        assertThat(after.unsaved("carol").lastMark())
                .isEqualTo(before.unsaved("carol").lastMark());
        texts.forEach(m -> assertThat(after.seen().contains(bobKey, m.id())).isTrue());
    }

    /**
     * A group state longer than the journal reads back is refused, and nothing changes: neither the
     * memory nor the file, so the entries written after it (another group's newer sending-chain
     * position, whose loss would reseal a used iteration; the ids shown) are there after a restart.
     */
    @Test
    void anOversizedGroupState_isRefused_andTheEntriesAfterItSurviveARestart() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        before.saveGroup("other", new byte[] {1});
        assertThatThrownBy(() -> before.saveGroup("big", new byte[DeviceState.MAX_GROUP_STATE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(before.groups()).doesNotContainKey("big");
        before.saveGroup("other", new byte[] {2});
        List<ChatMessage> texts = messages(1);
        before.seen().addAll(bobKey, texts);
        before.sync();
        crash();

        DeviceState after = started(Long.MAX_VALUE);
        assertThat(after.groups().get("other")).containsExactly(2);
        assertThat(after.groups()).doesNotContainKey("big");
        assertThat(after.seen().contains(bobKey, texts.get(0).id())).isTrue();
    }

    /** The journal itself never writes an entry it would not read back, whoever hands it one. */
    @Test
    void theJournal_refusesToWriteAnEntryItCouldNotRead() throws IOException {
        DeviceJournal journal = DeviceJournal.open(dir, "alice", storageKey, RANDOM, MAX_UNSAVED, e -> {})
                .orElseThrow();
        open.add(journal);
        journal.group("other", new byte[] {1});
        // over the group state's own limit, though the whole entry would be under MAX_BYTES
        assertThatThrownBy(() -> journal.group("big", new byte[JournalEntry.MAX_GROUP_STATE_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.group("big", new byte[JournalEntry.MAX_BYTES]))
                .isInstanceOf(IllegalArgumentException.class);
        journal.group("other", new byte[] {2});
        crash();

        assertThat(started(Long.MAX_VALUE).groups().get("other")).containsExactly(2);
    }

    /**
     * Chain positions are kept over the group's state written last, the latest of each chain; a new
     * state replaces them, a forgotten group drops them, and a compaction keeps exactly that.
     */
    @Test
    void groupPositions_areTheLatestOfEachChainSinceTheState_acrossRestartsAndCompactions() throws IOException {
        byte[] one = bytes(32);
        byte[] two = bytes(32);
        DeviceState before = started(4096);
        before.saveGroup("g", new byte[] {1});
        before.saveGroupPosition("g", one, new byte[] {9}); // replaced by the state after it
        before.saveGroup("g", new byte[] {2});
        for (int i = 1; i <= 200; i++) { // many times over the compaction threshold
            before.saveGroupPosition("g", one, new byte[] {1, (byte) i});
            before.saveGroupPosition("g", two, new byte[] {2, (byte) i});
            before.sync();
        }
        before.saveGroupPosition("unknown", one, new byte[] {3}); // a group not kept: dropped
        before.saveGroup("left", new byte[] {4});
        before.saveGroupPosition("left", one, new byte[] {5});
        before.saveGroup("left", new byte[0]);
        before.saveGroup("pad", new byte[4096]); // over the threshold: the sync below compacts
        before.sync();
        crash();

        assertThat(Files.size(journalFile())).as("compacted").isLessThan(4096 + 1024);
        DeviceState after = started(4096);
        assertThat(after.groups()).containsOnlyKeys("g", "pad");
        assertThat(after.groups().get("g")).containsExactly(2);
        assertThat(after.groupPositions("g")).containsExactly(new byte[] {1, (byte) 200}, new byte[] {2, (byte) 200});
        assertThat(after.groupPositions("unknown")).isEmpty();
        assertThat(after.groupPositions("left")).isEmpty();
    }

    /**
     * Chains taken are kept after the group's state written last, in the order taken, and a chain
     * taken forgets the position of that chain kept before it; a new state replaces them, a group
     * not kept drops them, a write cut short by a death loses only itself, and a compaction keeps
     * exactly that.
     */
    @Test
    void groupChains_areKeptInOrderAfterTheState_acrossADeathMidWrite_restartsAndCompactions() throws IOException {
        byte[] one = bytes(32);
        byte[] two = bytes(32);
        DeviceState before = started(Long.MAX_VALUE);
        before.saveGroup("g", new byte[] {1});
        before.saveGroupChain("g", one, new byte[] {9}); // replaced by the state after it
        before.saveGroup("g", new byte[] {2});
        before.saveGroupPosition("g", two, new byte[] {8}); // of an earlier chain of that id: forgotten
        before.saveGroupChain("g", one, new byte[] {1});
        before.saveGroupChain("g", two, new byte[] {2});
        before.saveGroupPosition("g", one, new byte[] {3});
        before.saveGroupChain("unknown", one, new byte[] {3}); // a group not kept: dropped
        before.sync();
        crash();
        Path file = journalFile();
        long whole = Files.size(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 7, 7, 7})); // the next chain's write, cut short
        }

        DeviceState after = started(1024);
        assertThat(Files.size(file)).isEqualTo(whole);
        assertThat(after.groupChains("g")).containsExactly(new byte[] {1}, new byte[] {2});
        assertThat(after.groupPositions("g")).containsExactly(new byte[] {3});
        assertThat(after.groupChains("unknown")).isEmpty();
        after.saveGroupChain("g", bytes(32), new byte[] {4});
        after.saveGroup("pad", new byte[2048]); // over the threshold: the sync below compacts
        after.sync();
        crash();

        assertThat(Files.size(journalFile())).as("compacted").isLessThan(2048 + 1024);
        DeviceState compacted = started(Long.MAX_VALUE);
        assertThat(compacted.groups().get("g")).containsExactly(2);
        assertThat(compacted.groupChains("g")).containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {4});
        assertThat(compacted.groupPositions("g")).containsExactly(new byte[] {3});
    }

    /** A chain the journal would not read back, or one too many since the state, is refused, and nothing changes. */
    @Test
    void anOversizedGroupChain_orOneTooMany_isRefused_andNothingIsWritten() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        before.saveGroup("g", new byte[] {1});
        assertThatThrownBy(() -> before.saveGroupChain("g", bytes(32), new byte[DeviceState.MAX_GROUP_CHAIN_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> before.saveGroupChain("g", bytes(31), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> before.saveGroupChain("g", bytes(32), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        for (int i = 0; i < DeviceState.MAX_GROUP_CHAINS; i++) {
            before.saveGroupChain("g", bytes(32), new byte[] {(byte) i});
        }
        assertThatThrownBy(() -> before.saveGroupChain("g", bytes(32), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        before.sync();
        crash();

        assertThat(started(Long.MAX_VALUE).groupChains("g")).hasSize(DeviceState.MAX_GROUP_CHAINS);
    }

    /** A position the journal would not read back is refused, and nothing changes. */
    @Test
    void anOversizedGroupPosition_isRefused_andNothingIsWritten() throws IOException {
        DeviceState before = started(Long.MAX_VALUE);
        before.saveGroup("g", new byte[] {1});
        before.saveGroupPosition("g", bytes(32), new byte[] {7});
        assertThatThrownBy(() ->
                        before.saveGroupPosition("g", bytes(32), new byte[DeviceState.MAX_GROUP_POSITION_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> before.saveGroupPosition("g", bytes(31), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> before.saveGroupPosition("g", bytes(32), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
        before.saveGroupPosition("g", bytes(32), new byte[] {8});
        before.sync();
        crash();

        assertThat(started(Long.MAX_VALUE).groupPositions("g")).containsExactly(new byte[] {7}, new byte[] {8});
    }

    /** The journal's own check: a position entry it could not read back is never written. */
    @Test
    void theJournal_refusesToWriteAPositionItCouldNotRead() throws IOException {
        DeviceJournal journal = DeviceJournal.open(dir, "alice", storageKey, RANDOM, MAX_UNSAVED, e -> {})
                .orElseThrow();
        open.add(journal);
        journal.group("g", new byte[] {1});
        assertThatThrownBy(() ->
                        journal.groupPosition("g", bytes(32), new byte[JournalEntry.MAX_GROUP_POSITION_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> journal.groupPosition("g", bytes(33), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        journal.groupPosition("g", bytes(32), new byte[] {2});
        crash();

        assertThat(started(Long.MAX_VALUE).groupPositions("g")).containsExactly(new byte[] {2});
    }

    /** A device state read back from alice's journal, writing to it from now on. */
    private DeviceState started(long compactAt) throws IOException {
        DeviceState state = new DeviceState(MAX_UNSAVED);
        DeviceJournal journal = DeviceJournal.open(
                        dir, "alice", storageKey, RANDOM, MAX_UNSAVED, compactAt, state::apply)
                .orElseThrow();
        open.add(journal);
        state.writeTo(journal);
        return state;
    }

    /** The process dies: its lock goes, nothing more is written. */
    private void crash() throws IOException {
        if (open.isEmpty()) {
            DeviceJournal.open(dir, "alice", storageKey, RANDOM, MAX_UNSAVED, e -> {})
                    .ifPresent(open::add);
        }
        open.forEach(DeviceJournal::close);
        open.clear();
    }

    private Path journalFile() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("journal-")
                            && !p.getFileName().toString().contains("."))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static List<ChatMessage> messages(int n) {
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(message("text " + i));
        }
        return out;
    }

    private static ChatMessage message(String text) {
        return new ChatMessage(MessageId.random(RANDOM), "bob", "alice", Instant.ofEpochMilli(1_000_000L), text, false);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
