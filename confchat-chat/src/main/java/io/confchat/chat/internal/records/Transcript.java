package io.confchat.chat.internal.records;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Unambiguous bytes to sign: a domain tag, then each field with a 4-byte length prefix, so no two
 * different field lists give the same bytes and no signature is valid in another context.
 */
public final class Transcript {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    private Transcript(String tag) {
        add(tag);
    }

    /** Starts a transcript with its domain tag, e.g. {@code confchat/inbox-message/v1}. */
    public static Transcript tagged(String tag) {
        return new Transcript(tag);
    }

    public Transcript add(byte[] field) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(field.length).array());
        out.writeBytes(field);
        return this;
    }

    public Transcript add(String field) {
        return add(field.getBytes(StandardCharsets.UTF_8));
    }

    public Transcript add(long field) {
        return add(ByteBuffer.allocate(8).putLong(field).array());
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
