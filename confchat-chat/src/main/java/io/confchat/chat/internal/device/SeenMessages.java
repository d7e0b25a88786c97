package io.confchat.chat.internal.device;

import io.confchat.api.chat.MessageId;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The messages most recently shown to the user, each named by its sender's identity key and its
 * id: the one de-duplication of the chat layer. A message that arrives twice (resent after a
 * reconnect, live and then from the inbox) is shown once; the same id from another sender is
 * another message. Bounded (the oldest are forgotten); thread-safe.
 */
public final class SeenMessages {
    static final int CAPACITY = 10_000;

    private final Map<Key, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** Records a message; false if it was already seen. */
    public synchronized boolean add(byte[] senderKey, MessageId id) {
        return seen.put(Key.of(senderKey, id), Boolean.TRUE) == null;
    }

    public synchronized boolean contains(byte[] senderKey, MessageId id) {
        return seen.containsKey(Key.of(senderKey, id));
    }

    /** A sender's 32-byte key as four longs, and the id: cheap to hash and compare. */
    private record Key(long k0, long k1, long k2, long k3, MessageId id) {
        static Key of(byte[] senderKey, MessageId id) {
            ByteBuffer b = ByteBuffer.wrap(senderKey);
            return new Key(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), id);
        }
    }
}
