package io.confchat.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one signed envelope for everything stored in the DHT (docs/wire-protocol.md#signed-records).
 *
 * <p>A key holds many records, one per {@code (owner, slot)}; a record with a higher {@link #seq()}
 * replaces an older one of the same owner and slot. The Ed25519 {@link #signature()} by the owner
 * covers every other field through {@link #signingInput()}, so a record cannot be moved to another
 * key, type or slot.
 *
 * <p>This class checks shapes and limits only; whether the signature is valid is checked by the
 * DHT (and by readers), never assumed. Immutable and thread-safe; accessors return copies.
 */
public final class SignedRecord {
    /** Largest payload a record may carry. */
    public static final int MAX_PAYLOAD_BYTES = 60 * 1024;
    /** Largest slot name. */
    public static final int MAX_SLOT_BYTES = 64;
    /** Record types are short lower-case names, e.g. {@code user} or {@code presence}. */
    public static final Pattern TYPE_PATTERN = Pattern.compile("[a-z0-9._-]{1,32}");
    /** Length of an Ed25519 public key. */
    public static final int PUBLIC_KEY_BYTES = 32;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final byte[] DOMAIN_TAG = "confchat/record/v1".getBytes(StandardCharsets.US_ASCII);

    private final DhtKey key;
    private final String type;
    private final byte[] ownerPublicKey;
    private final byte[] slot;
    private final long seq;
    private final long ttlSeconds;
    private final byte[] payload;
    private final byte[] signature;

    private SignedRecord(
            DhtKey key,
            String type,
            byte[] ownerPublicKey,
            byte[] slot,
            long seq,
            long ttlSeconds,
            byte[] payload,
            byte[] signature) {
        this.key = Objects.requireNonNull(key, "key");
        this.type = checkType(type);
        this.ownerPublicKey = checkLength(ownerPublicKey, PUBLIC_KEY_BYTES, "owner public key");
        this.slot = checkMax(slot, MAX_SLOT_BYTES, "slot");
        this.seq = seq;
        if (ttlSeconds < 1 || ttlSeconds > 0xffff_ffffL) {
            throw new IllegalArgumentException("ttl must be 1..2^32-1 seconds, got " + ttlSeconds);
        }
        this.ttlSeconds = ttlSeconds;
        this.payload = checkMax(payload, MAX_PAYLOAD_BYTES, "payload");
        this.signature = checkLength(signature, SIGNATURE_BYTES, "signature");
    }

    /**
     * Assembles a record from its fields (all arrays copied). {@code seq} is an unsigned 64-bit
     * number compared with {@link Long#compareUnsigned}.
     *
     * @throws IllegalArgumentException if a field is out of its limits
     */
    public static SignedRecord of(
            DhtKey key,
            String type,
            byte[] ownerPublicKey,
            byte[] slot,
            long seq,
            long ttlSeconds,
            byte[] payload,
            byte[] signature) {
        return new SignedRecord(
                key, type, ownerPublicKey.clone(), slot.clone(), seq, ttlSeconds, payload.clone(), signature.clone());
    }

    /**
     * The exact bytes the owner signs: a fixed domain tag, then every field, each length-prefixed
     * (variable fields) or fixed-width (seq, ttl), so no two different records share an input.
     */
    public static byte[] signingInput(
            DhtKey key, String type, byte[] ownerPublicKey, byte[] slot, long seq, long ttlSeconds, byte[] payload) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + slot.length + payload.length);
        writePrefixed(out, DOMAIN_TAG);
        writePrefixed(out, key.bytes());
        writePrefixed(out, typeBytes);
        writePrefixed(out, ownerPublicKey);
        writePrefixed(out, slot);
        out.writeBytes(
                ByteBuffer.allocate(12).putLong(seq).putInt((int) ttlSeconds).array());
        writePrefixed(out, payload);
        return out.toByteArray();
    }

    /** The bytes {@link #signature()} must sign, see {@link #signingInput(DhtKey, String, byte[], byte[], long, long, byte[])}. */
    public byte[] signingInput() {
        return signingInput(key, type, ownerPublicKey, slot, seq, ttlSeconds, payload);
    }

    private static void writePrefixed(ByteArrayOutputStream out, byte[] field) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
        out.writeBytes(field);
    }

    public DhtKey key() {
        return key;
    }

    public String type() {
        return type;
    }

    public byte[] ownerPublicKey() {
        return ownerPublicKey.clone();
    }

    public byte[] slot() {
        return slot.clone();
    }

    /** Unsigned 64-bit sequence number; compare with {@link Long#compareUnsigned}. */
    public long seq() {
        return seq;
    }

    /** Lifetime the owner asks for, counted by each storing node from when it received the record. */
    public long ttlSeconds() {
        return ttlSeconds;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** True when both records belong to the same owner and slot (and so replace each other). */
    public boolean sameSlotAs(SignedRecord other) {
        return Arrays.equals(ownerPublicKey, other.ownerPublicKey) && Arrays.equals(slot, other.slot);
    }

    /** True when {@code owner} is this record's owner public key. */
    public boolean isOwnedBy(byte[] owner) {
        return Arrays.equals(ownerPublicKey, owner);
    }

    private static String checkType(String type) {
        if (type == null || !TYPE_PATTERN.matcher(type).matches()) {
            throw new IllegalArgumentException("record type must match " + TYPE_PATTERN + ", got " + type);
        }
        return type;
    }

    private static byte[] checkLength(byte[] value, int length, String what) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes");
        }
        return value;
    }

    private static byte[] checkMax(byte[] value, int max, String what) {
        if (value == null || value.length > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " bytes");
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SignedRecord r)) {
            return false;
        }
        return seq == r.seq
                && ttlSeconds == r.ttlSeconds
                && key.equals(r.key)
                && type.equals(r.type)
                && Arrays.equals(ownerPublicKey, r.ownerPublicKey)
                && Arrays.equals(slot, r.slot)
                && Arrays.equals(payload, r.payload)
                && Arrays.equals(signature, r.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                key, type, seq, Arrays.hashCode(ownerPublicKey), Arrays.hashCode(slot), Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        HexFormat hex = HexFormat.of();
        return "SignedRecord[key=" + key.shortHex() + ", type=" + type + ", owner="
                + hex.formatHex(ownerPublicKey, 0, 4) + ", slot=" + hex.formatHex(slot) + ", seq="
                + Long.toUnsignedString(seq) + ", ttl=" + ttlSeconds + "s, payload=" + payload.length + "B]";
    }
}
