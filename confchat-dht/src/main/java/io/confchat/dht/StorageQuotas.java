package io.confchat.dht;

import java.util.List;

/**
 * How many bytes one node stores for others (a record weighs its encoded size): immutable, made by
 * a {@link Builder}. A full quota refuses new records with {@code QUOTA_EXCEEDED} and a reason
 * naming the quota; stored records are never dropped to make room. Thread-safe.
 *
 * <p>Multi-value keys (an inbox, a directory page) are shared fairly: one source (an IP; IPv6
 * counted per /64; a proven node id on loopback and private networks) or one owner may fill at
 * most {@code perKeyBytes / keyShareDivisor} of a key, and the last quarter of a key is reserved
 * for sources and owners that will hold at most {@code perKeyBytes / 256} under it. So one sender
 * cannot crowd others out of a key, and crowding it out from many sources takes dozens of them.
 */
public final class StorageQuotas {
    /** 1 MiB per key, 4 MiB per owner, 16 MiB per source, 256 MiB in all, 1/16 of a key per sender. */
    public static final StorageQuotas DEFAULT = builder().build();

    private final long perKeyBytes;
    private final long perOwnerBytes;
    private final long perSourceBytes;
    private final long totalBytes;
    private final int keyShareDivisor;

    private StorageQuotas(Builder b) {
        this.perKeyBytes = b.perKeyBytes;
        this.perOwnerBytes = b.perOwnerBytes;
        this.perSourceBytes = b.perSourceBytes;
        this.totalBytes = b.totalBytes;
        this.keyShareDivisor = b.keyShareDivisor;
    }

    /** A builder holding the {@link #DEFAULT} quotas. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these quotas. */
    public Builder toBuilder() {
        return new Builder()
                .perKeyBytes(perKeyBytes)
                .perOwnerBytes(perOwnerBytes)
                .perSourceBytes(perSourceBytes)
                .totalBytes(totalBytes)
                .keyShareDivisor(keyShareDivisor);
    }

    /** Records under one key (a record type may set less, see {@code TypeLimits}). */
    public long perKeyBytes() {
        return perKeyBytes;
    }

    /** Records of one owner key across all keys. */
    public long perOwnerBytes() {
        return perOwnerBytes;
    }

    /** Records stored by one source across all keys. */
    public long perSourceBytes() {
        return perSourceBytes;
    }

    /** Records in the whole store. */
    public long totalBytes() {
        return totalBytes;
    }

    /** One source or owner fills at most 1/this of a key; 1 turns fair sharing off. */
    public int keyShareDivisor() {
        return keyShareDivisor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageQuotas q && values().equals(q.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return "StorageQuotas" + values();
    }

    private List<Long> values() {
        return List.of(perKeyBytes, perOwnerBytes, perSourceBytes, totalBytes, (long) keyShareDivisor);
    }

    /** Builds {@link StorageQuotas}; every quota must be at least 1. Not thread-safe. */
    public static final class Builder {
        private long perKeyBytes = 1L << 20;
        private long perOwnerBytes = 4L << 20;
        private long perSourceBytes = 16L << 20;
        private long totalBytes = 256L << 20;
        private int keyShareDivisor = 16;

        private Builder() {}

        /** 1 MiB by default. */
        public Builder perKeyBytes(long bytes) {
            this.perKeyBytes = bytes;
            return this;
        }

        /** 4 MiB by default. */
        public Builder perOwnerBytes(long bytes) {
            this.perOwnerBytes = bytes;
            return this;
        }

        /** 16 MiB by default. */
        public Builder perSourceBytes(long bytes) {
            this.perSourceBytes = bytes;
            return this;
        }

        /** 256 MiB by default. */
        public Builder totalBytes(long bytes) {
            this.totalBytes = bytes;
            return this;
        }

        /** 16 by default: one sender fills at most 1/16 of a key; 1 lets it fill the whole key. */
        public Builder keyShareDivisor(int divisor) {
            this.keyShareDivisor = divisor;
            return this;
        }

        /**
         * The quotas.
         *
         * @throws IllegalArgumentException if a quota is below 1
         */
        public StorageQuotas build() {
            if (perKeyBytes < 1 || perOwnerBytes < 1 || perSourceBytes < 1 || totalBytes < 1 || keyShareDivisor < 1) {
                throw new IllegalArgumentException("every quota must be at least 1");
            }
            return new StorageQuotas(this);
        }
    }
}
