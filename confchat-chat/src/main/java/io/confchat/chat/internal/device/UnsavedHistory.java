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
    /** The waiting messages, oldest first; the head's mark is {@code firstMark}, each next one more. */
    private final Deque<ChatMessage> messages = new ArrayDeque<>();

    private final long maxBytes;
    private final String peer;
    private final DeviceLog log;
    private long firstMark;
    private long bytes;
    private long dropped;

    /** Remembered for this process only. */
    public UnsavedHistory(long maxBytes) {
        this(maxBytes, "", DeviceLog.NONE);
    }

    /** @param log told of every message added and every batch saved, as the conversation with {@code peer} */
    UnsavedHistory(long maxBytes, String peer, DeviceLog log) {
        this.maxBytes = maxBytes;
        this.peer = peer;
        this.log = log;
    }

    /** Adds a message; returns the bytes now waiting. */
    public synchronized long add(ChatMessage m) {
        log.unsaved(peer, m);
        return append(m);
    }

    private long append(ChatMessage m) {
        messages.addLast(m);
        bytes += estimate(m);
        while (bytes > maxBytes && messages.size() > 1) {
            bytes -= estimate(messages.removeFirst());
            firstMark++;
            dropped++;
        }
        return bytes;
    }

    /** Up to {@code max} messages from the oldest, and the mark to {@link #saved} them with. */
    public synchronized Batch oldest(int max) {
        int n = Math.min(max, messages.size());
        List<ChatMessage> out = new ArrayList<>(n);
        for (ChatMessage m : messages) {
            if (out.size() == n) {
                break;
            }
            out.add(m);
        }
        return new Batch(out, firstMark + n - 1);
    }

    /** Forgets the messages of a batch now in the saved history (those not dropped meanwhile). */
    public synchronized void saved(Batch batch) {
        savedThroughMark(batch.mark());
        log.saved(peer, batch.mark());
    }

    private void savedThroughMark(long mark) {
        while (!messages.isEmpty() && firstMark <= mark) {
            bytes -= estimate(messages.removeFirst());
            firstMark++;
        }
    }

    /** Applies a journal entry of this conversation (nothing is logged). */
    synchronized void apply(JournalEntry e) {
        if (e instanceof JournalEntry.Unsaved u) {
            append(u.message());
        } else if (e instanceof JournalEntry.Saved s) {
            savedThroughMark(s.mark());
        } else if (e instanceof JournalEntry.Base b) {
            messages.clear();
            bytes = 0;
            firstMark = b.firstMark();
        }
    }

    /** This conversation as journal entries: where its marks start, then each message waiting. */
    synchronized List<JournalEntry> entries() {
        List<JournalEntry> out = new ArrayList<>(messages.size() + 1);
        out.add(new JournalEntry.Base(peer, firstMark));
        messages.forEach(m -> out.add(new JournalEntry.Unsaved(peer, m)));
        return out;
    }

    /** Every waiting message, oldest first. */
    public synchronized List<ChatMessage> snapshot() {
        return List.copyOf(messages);
    }

    /** The mark of the newest message added so far. */
    public synchronized long lastMark() {
        return firstMark + messages.size() - 1;
    }

    /** True when no message up to {@code mark} is waiting any more (saved, or dropped). */
    public synchronized boolean savedThrough(long mark) {
        return messages.isEmpty() || firstMark > mark;
    }

    public synchronized boolean isEmpty() {
        return messages.isEmpty();
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
}
