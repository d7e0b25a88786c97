package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The messages most recently shown to the user, each named by its sender's identity key and its
 * id: the one de-duplication of the chat layer. A message that arrives twice (resent after a
 * reconnect, live and then from the inbox) is shown once; the same id from another sender is
 * another message.
 *
 * <p>Bounded: two generations of at most {@value #GENERATION} messages each; when the current one
 * is full it becomes the previous one and the oldest generation is forgotten. So the last {@value
 * #GENERATION} messages are always remembered, at most twice that many, and adding one costs a
 * hash lookup or two. Thread-safe.
 */
public final class SeenMessages {
    static final int GENERATION = 10_000;

    private final DeviceLog log;
    private Set<Key> current = new HashSet<>(GENERATION * 2);
    private Set<Key> previous = new HashSet<>(GENERATION * 2);

    /** Remembered for this process only. */
    public SeenMessages() {
        this(DeviceLog.NONE);
    }

    /** @param log told of every message added */
    SeenMessages(DeviceLog log) {
        this.log = log;
    }

    /** Records a message; false if it was already seen. */
    public synchronized boolean add(byte[] senderKey, MessageId id) {
        Key k = Key.of(senderKey, id);
        if (previous.contains(k) || !current.add(k)) {
            return false;
        }
        log.seen(senderKey, id);
        if (current.size() >= GENERATION) {
            previous = current;
            current = new HashSet<>(GENERATION * 2);
        }
        return true;
    }

    /** Records a batch from one sender; returns those not seen before, in order. */
    public synchronized List<ChatMessage> addAll(byte[] senderKey, List<ChatMessage> messages) {
        ByteBuffer b = ByteBuffer.wrap(senderKey);
        long k0 = b.getLong(0);
        long k1 = b.getLong(8);
        long k2 = b.getLong(16);
        long k3 = b.getLong(24);
        List<ChatMessage> fresh = new ArrayList<>(messages.size());
        for (ChatMessage m : messages) {
            Key k = new Key(k0, k1, k2, k3, m.id().high(), m.id().low());
            if (!previous.contains(k) && current.add(k)) {
                fresh.add(m);
                log.seen(senderKey, m.id());
                if (current.size() >= GENERATION) {
                    previous = current;
                    current = new HashSet<>(GENERATION * 2);
                }
            }
        }
        return fresh;
    }

    public synchronized boolean contains(byte[] senderKey, MessageId id) {
        Key k = Key.of(senderKey, id);
        return current.contains(k) || previous.contains(k);
    }

    /** Every message remembered, the older generation first. */
    synchronized void forEach(BiConsumer<byte[], MessageId> each) {
        for (Set<Key> generation : List.of(previous, current)) {
            for (Key k : generation) {
                byte[] senderKey = ByteBuffer.allocate(32)
                        .putLong(k.k0())
                        .putLong(k.k1())
                        .putLong(k.k2())
                        .putLong(k.k3())
                        .array();
                each.accept(senderKey, MessageId.of(k.idHigh(), k.idLow()));
            }
        }
    }

    /** A sender's 32-byte key as four longs, and the id: cheap to hash and compare. */
    private record Key(long k0, long k1, long k2, long k3, long idHigh, long idLow) {
        static Key of(byte[] senderKey, MessageId id) {
            ByteBuffer b = ByteBuffer.wrap(senderKey);
            return new Key(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), id.high(), id.low());
        }
    }
}
