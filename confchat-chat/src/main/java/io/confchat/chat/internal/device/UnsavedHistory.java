package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The messages of one conversation that are not in the saved history yet, oldest first. Bounded:
 * past {@code maxBytes} the oldest are dropped, since the saved history keeps only its newest
 * chunks anyway and would drop them too (a conversation streaming faster than the history can be
 * written keeps its newest messages, not a growing backlog). Thread-safe.
 */
public final class UnsavedHistory {
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final long maxBytes;
    private long bytes;
    private long nextSeq;
    private long dropped;

    public UnsavedHistory(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public synchronized void add(ChatMessage m) {
        Entry e = new Entry(nextSeq++, m, estimate(m));
        entries.addLast(e);
        bytes += e.bytes;
        while (bytes > maxBytes && entries.size() > 1) {
            bytes -= entries.removeFirst().bytes;
            dropped++;
        }
    }

    /** Up to {@code max} messages from the oldest, and the mark to {@link #saved} them with. */
    public synchronized Batch oldest(int max) {
        List<ChatMessage> out = new ArrayList<>(Math.min(max, entries.size()));
        long last = -1;
        for (Entry e : entries) {
            if (out.size() == max) {
                break;
            }
            out.add(e.message);
            last = e.seq;
        }
        return new Batch(out, last);
    }

    /** Forgets the messages of a batch now in the saved history (those not dropped meanwhile). */
    public synchronized void saved(Batch batch) {
        while (!entries.isEmpty() && entries.peekFirst().seq <= batch.mark()) {
            bytes -= entries.removeFirst().bytes;
        }
    }

    /** Every waiting message, oldest first. */
    public synchronized List<ChatMessage> snapshot() {
        return entries.stream().map(Entry::message).toList();
    }

    /** The mark of the newest message added so far. */
    public synchronized long lastMark() {
        return nextSeq - 1;
    }

    /** True when no message up to {@code mark} is waiting any more (saved, or dropped). */
    public synchronized boolean savedThrough(long mark) {
        return entries.isEmpty() || entries.peekFirst().seq > mark;
    }

    public synchronized boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Bytes of the messages waiting (an estimate of their size in a chunk). */
    public synchronized long bytes() {
        return bytes;
    }

    /** Messages dropped unsaved because the backlog outgrew the history's retention. */
    public synchronized long dropped() {
        return dropped;
    }

    private static int estimate(ChatMessage m) {
        return 48 + m.from().length() + m.to().length() + m.text().length();
    }

    /** Messages taken for one save. */
    public record Batch(List<ChatMessage> messages, long mark) {}

    private record Entry(long seq, ChatMessage message, int bytes) {}
}
