package io.confchat.dht.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confchat.api.ConfChatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvStoreRecordStoreTest extends RecordStoreContractTest {
    @TempDir
    Path dir;

    @Override
    RecordStore newStore() {
        return MvStoreRecordStore.open(dir.resolve("records.mv"));
    }

    private void reopen() {
        store.close();
        store = MvStoreRecordStore.open(dir.resolve("records.mv"));
    }

    @Test
    void reopen_shouldReturnEveryRecordIdentical() {
        StoredRecord aliceA = stored(note(alice, KEY, "a", 2), Duration.ofMillis(3_600_123), "local");
        StoredRecord aliceB = stored(note(alice, KEY, "b", 1));
        StoredRecord bobA = stored(note(bob, KEY, "a", 1));
        StoredRecord elsewhere = stored(note(bob, OTHER_KEY, "", 7), Duration.ofDays(30), "node:abcd");
        store.put(stored(note(alice, KEY, "a", 1)));
        Stream.of(aliceA, aliceB, bobA, elsewhere).forEach(store::put);
        store.put(stored(note(alice, OTHER_KEY, "gone", 1)));
        store.remove(OTHER_KEY, alice.ownerPublicKey(), slot("gone"));

        reopen();

        assertThat(store.get(KEY)).containsExactlyInAnyOrder(aliceA, aliceB, bobA);
        assertThat(store.get(OTHER_KEY, bob.ownerPublicKey(), new byte[0])).contains(elsewhere);
        assertThat(store.size()).isEqualTo(4);
        assertThat(store.keys()).containsExactlyInAnyOrder(KEY, OTHER_KEY);
        assertThat(store.countByKey(KEY)).isEqualTo(3);
        assertThat(store.countByOwner(alice.ownerPublicKey())).isEqualTo(2);
        assertThat(store.countByOwner(bob.ownerPublicKey())).isEqualTo(2);
        assertThat(store.countBySource("local")).isEqualTo(1);
        assertThat(store.countBySource("node:abcd")).isEqualTo(1);
        assertThat(store.countBySource(SOURCE)).isEqualTo(2);
    }

    @Test
    void reopen_shouldKeepTheExpiryIndex() {
        store.put(stored(note(alice, KEY, "a", 1), Duration.ofSeconds(10), SOURCE));
        StoredRecord kept = stored(note(alice, KEY, "b", 1), Duration.ofSeconds(100), SOURCE);
        store.put(kept);

        reopen();

        assertThat(store.purgeExpired(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(store.get(KEY)).containsExactly(kept);
        reopen();
        assertThat(store.get(KEY)).containsExactly(kept);
        assertThat(store.countByOwner(alice.ownerPublicKey())).isEqualTo(1);
    }

    @Test
    void put_shouldReuseTheSpaceOfReplacedRecords() throws IOException {
        // one commit per put: without reuse of freed chunks this would write about 100 MB
        for (int seq = 1; seq <= 3000; seq++) {
            store.put(stored(note(alice, KEY, "s" + seq % 50, seq)));
        }

        assertThat(store.size()).isEqualTo(50);
        assertThat(Files.size(dir.resolve("records.mv"))).isLessThan(4L << 20);
        store.purgeExpired(T0); // compacts when sparse
        assertThat(Files.size(dir.resolve("records.mv"))).isLessThan(4L << 20);
    }

    @Test
    void open_shouldMoveACorruptFileAsideAndStartEmpty() throws IOException {
        Path file = dir.resolve("corrupt.mv");
        byte[] garbage = new byte[16 * 1024];
        RANDOM.nextBytes(garbage);
        Files.write(file, garbage);

        try (RecordStore opened = MvStoreRecordStore.open(file)) {
            assertThat(opened.size()).isZero();
            opened.put(stored(note(alice, KEY, "a", 1)));
        }

        assertThat(Files.readAllBytes(onlyMovedAside("corrupt.mv"))).isEqualTo(garbage);
        try (RecordStore reopened = MvStoreRecordStore.open(file)) {
            assertThat(reopened.size()).isEqualTo(1);
        }
    }

    @Test
    void open_shouldMoveAFileOfAnUnknownFormatVersionAside() throws IOException {
        Path file = dir.resolve("future.mv");
        try (RecordStore written = MvStoreRecordStore.open(file)) {
            written.put(stored(note(alice, KEY, "a", 1)));
        }
        MVStore raw = MVStore.open(file.toString());
        raw.openMap(MvStoreFile.META_MAP, MvStoreFile.metaMap()).put(MvStoreFile.FORMAT_KEY, "999");
        raw.close();

        try (RecordStore opened = MvStoreRecordStore.open(file)) {
            assertThat(opened.size()).isZero();
            assertThat(opened.keys()).isEmpty();
        }
        assertThat(onlyMovedAside("future.mv")).isRegularFile();
    }

    @Test
    void open_shouldMoveAsideAnMvStoreFileThatIsNotARecordStore() throws IOException {
        Path file = dir.resolve("foreign.mv");
        MVStore raw = MVStore.open(file.toString());
        raw.openMap("something").put("a", "b");
        raw.close();

        try (RecordStore opened = MvStoreRecordStore.open(file)) {
            assertThat(opened.size()).isZero();
        }
        assertThat(onlyMovedAside("foreign.mv")).isRegularFile();
    }

    @Test
    void open_shouldDropUndecodableRecordsAndKeepTheRest() {
        StoredRecord kept = stored(note(alice, KEY, "a", 1), Duration.ofSeconds(10), SOURCE);
        store.put(kept);
        store.put(stored(note(bob, KEY, "a", 1), Duration.ofSeconds(10), SOURCE));
        store.close();
        MVStore raw = MVStore.open(dir.resolve("records.mv").toString());
        MVMap<byte[], byte[]> records = raw.openMap(MvStoreFile.RECORDS_MAP, MvStoreFile.bytesMap());
        byte[] bobKey = MvStoreFile.recordKey(KEY, bob.ownerPublicKey(), slot("a"));
        records.put(bobKey, new byte[] {1, 2, 3});
        byte[] misfiled = MvStoreFile.recordKey(OTHER_KEY, alice.ownerPublicKey(), slot("a"));
        records.put(misfiled, StoredRecordCodec.encode(kept));
        raw.close();

        store = MvStoreRecordStore.open(dir.resolve("records.mv"));

        assertThat(store.get(KEY)).containsExactly(kept);
        assertThat(store.get(OTHER_KEY)).isEmpty();
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.countByOwner(bob.ownerPublicKey())).isZero();
        assertThat(store.countBySource(SOURCE)).isEqualTo(1);
        assertThat(store.purgeExpired(T0.plusSeconds(10))).isEqualTo(1); // also drops bob's orphaned index entry
        reopen();
        assertThat(store.size()).isZero();
    }

    @Test
    void open_shouldRefuseAFileInUseAndLeaveItInPlace() {
        store.put(stored(note(alice, KEY, "a", 1)));

        assertThatThrownBy(() -> MvStoreRecordStore.open(dir.resolve("records.mv")))
                .isInstanceOf(ConfChatException.class)
                .hasMessageContaining("in use");

        assertThat(movedAside("records.mv")).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void open_shouldCreateMissingDirectories() {
        try (RecordStore nested = MvStoreRecordStore.open(dir.resolve("a/b/records.mv"))) {
            nested.put(stored(note(alice, KEY, "a", 1)));
        }

        assertThat(dir.resolve("a/b/records.mv")).isRegularFile();
    }

    @Test
    void close_shouldBeIdempotentAndStopFurtherUse() {
        store.close();
        store.close();

        assertThatThrownBy(() -> store.size()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.put(stored(note(alice, KEY, "a", 1)))).isInstanceOf(IllegalStateException.class);
    }

    private List<Path> movedAside(String name) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(name + ".unreadable-"))
                    .toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path onlyMovedAside(String name) {
        List<Path> aside = movedAside(name);
        assertThat(aside).hasSize(1);
        return aside.get(0);
    }

    @Test
    void get_ofAHotKey_decodesEachRecordOnce_notOncePerRequest() {
        for (int i = 0; i < 50; i++) {
            store.put(stored(note(alice, KEY, "s" + i, 1)));
        }
        store.close();
        store = MvStoreRecordStore.open(dir.resolve("records.mv"));
        List<StoredRecord> first = store.get(KEY);

        for (int i = 0; i < 100; i++) {
            List<StoredRecord> again = store.get(KEY);
            for (int j = 0; j < first.size(); j++) {
                assertThat(again.get(j)).as("record %d of request %d", j, i).isSameAs(first.get(j));
            }
        }
    }
}
