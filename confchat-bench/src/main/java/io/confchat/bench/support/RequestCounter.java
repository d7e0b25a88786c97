package io.confchat.bench.support;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.confchat.dht.internal.wire.proto.Envelope;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests nodes send, by kind. Fed by {@link CountingTransport}, which sees only what a
 * node's RPC layer sends on its own initiative (requests and their TCP retries); replies travel
 * back through the transport's reply path and are not counted.
 *
 * <p>The kind is read from the body field number of the wire envelope (protobuf writes fields in
 * number order, so the header fields come first and are skipped). Thread-safe.
 */
public final class RequestCounter {
    /** What a request asked for. */
    public enum Kind {
        PING,
        FIND_NODE,
        FIND_VALUE,
        STORE,
        OTHER
    }

    private final LongAdder[] datagrams = adders();
    private final LongAdder[] streams = adders();

    private static LongAdder[] adders() {
        LongAdder[] a = new LongAdder[Kind.values().length];
        for (int i = 0; i < a.length; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    void countDatagram(byte[] envelope) {
        datagrams[kindOf(envelope).ordinal()].increment();
    }

    void countStream(byte[] envelope) {
        streams[kindOf(envelope).ordinal()].increment();
    }

    /** The counts so far; subtract two snapshots for the requests of an interval. */
    public Snapshot snapshot() {
        long[] d = new long[datagrams.length];
        long[] s = new long[streams.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = datagrams[i].sum();
            s[i] = streams[i].sum();
        }
        return new Snapshot(d, s);
    }

    static Kind kindOf(byte[] envelope) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(envelope);
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    return Kind.OTHER;
                }
                switch (WireFormat.getTagFieldNumber(tag)) {
                    case Envelope.PING_FIELD_NUMBER:
                        return Kind.PING;
                    case Envelope.FIND_NODE_FIELD_NUMBER:
                        return Kind.FIND_NODE;
                    case Envelope.FIND_VALUE_FIELD_NUMBER:
                        return Kind.FIND_VALUE;
                    case Envelope.STORE_FIELD_NUMBER:
                        return Kind.STORE;
                    default:
                        if (!in.skipField(tag)) {
                            return Kind.OTHER;
                        }
                }
            }
        } catch (IOException e) {
            return Kind.OTHER;
        }
    }

    /** Request counts at one moment, datagrams and stream frames apart. */
    public record Snapshot(long[] datagrams, long[] streams) {
        /** Requests of this kind, datagrams and stream frames together. */
        public long of(Kind kind) {
            return datagrams[kind.ordinal()] + streams[kind.ordinal()];
        }

        /** Every request of every kind. */
        public long total() {
            long sum = 0;
            for (Kind k : Kind.values()) {
                sum += of(k);
            }
            return sum;
        }

        /** Stream frames of every kind (requests that went over TCP). */
        public long streamFrames() {
            long sum = 0;
            for (long s : streams) {
                sum += s;
            }
            return sum;
        }

        /** No requests at all. */
        public static Snapshot zero() {
            int n = Kind.values().length;
            return new Snapshot(new long[n], new long[n]);
        }

        /** These requests and {@code other} together. */
        public Snapshot plus(Snapshot other) {
            long[] d = datagrams.clone();
            long[] s = streams.clone();
            for (int i = 0; i < d.length; i++) {
                d[i] += other.datagrams[i];
                s[i] += other.streams[i];
            }
            return new Snapshot(d, s);
        }

        /** The requests sent between {@code earlier} and this snapshot. */
        public Snapshot minus(Snapshot earlier) {
            long[] d = datagrams.clone();
            long[] s = streams.clone();
            for (int i = 0; i < d.length; i++) {
                d[i] -= earlier.datagrams[i];
                s[i] -= earlier.streams[i];
            }
            return new Snapshot(d, s);
        }
    }
}
