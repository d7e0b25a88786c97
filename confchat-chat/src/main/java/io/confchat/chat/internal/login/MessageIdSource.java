package io.confchat.chat.internal.login;

import io.confchat.api.chat.MessageId;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of the messages one login sends: a random 64-bit half drawn once, and a keyed
 * permutation of a counter (the SplitMix64 finalizer of counter + random key) as the other half.
 * Ids never repeat within a login, differ between logins but for a 2^-64 chance, look random to
 * others, and cost no system randomness per message. Unpredictability is not needed for safety:
 * a message is named by its sender's key and its id, so nobody can take another's id. Thread-safe.
 */
final class MessageIdSource {
    private final long high;
    private final long key;
    private final AtomicLong counter = new AtomicLong();

    MessageIdSource(SecureRandom random) {
        this.high = random.nextLong();
        this.key = random.nextLong();
    }

    MessageId next() {
        return MessageId.of(high, mix(counter.getAndIncrement() + key));
    }

    /** The SplitMix64 finalizer: a bijection on 64-bit values. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
