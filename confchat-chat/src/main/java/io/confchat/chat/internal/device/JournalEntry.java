package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One change of a device's memory as the journal stores it (before encryption): a message shown,
 * a message waiting to be saved, a conversation saved up to a mark, where a conversation's marks
 * start (written by a compaction), a group's state, where one of a group's chains stands, or a
 * chain a group took. Decoding is strict: every length is checked before it is
 * read, and anything else is an {@link IllegalArgumentException}.
 */
sealed interface JournalEntry {
    /** Longest name (a username) in an entry, in UTF-8 bytes. */
    int MAX_NAME_BYTES = 256;
    /** Longest state of one group (its keys and membership, see {@link GroupState}). */
    int MAX_GROUP_STATE_BYTES = DeviceState.MAX_GROUP_STATE_BYTES;
    /** Longest position of one group's chain (see {@link GroupPosition}). */
    int MAX_GROUP_POSITION_BYTES = DeviceState.MAX_GROUP_POSITION_BYTES;
    /** Longest chain a group took (see {@link GroupChain}). */
    int MAX_GROUP_CHAIN_BYTES = DeviceState.MAX_GROUP_CHAIN_BYTES;
    /** Length of a chain id in a {@link GroupPosition} or a {@link GroupChain}. */
    int CHAIN_ID_BYTES = 32;
    /** Longest entry: a group's state (longer than a message of the longest text and names). */
    int MAX_BYTES = 64 + MAX_NAME_BYTES + MAX_GROUP_STATE_BYTES;

    /** An entry about the conversation with one peer. */
    sealed interface OfConversation extends JournalEntry {
        String peer();
    }

    record Seen(byte[] senderKey, MessageId id) implements JournalEntry {}

    record Unsaved(String peer, ChatMessage message) implements OfConversation {}

    record Saved(String peer, long mark) implements OfConversation {}

    record Base(String peer, long firstMark) implements OfConversation {}

    /**
     * The state of one group this user holds (its keys, sealed with the rest of the journal), in
     * place of the one before; empty {@code state} when the group was left.
     */
    record GroupState(String group, byte[] state) implements JournalEntry {}

    /**
     * Where one chain of a group stands (sealed with the rest of the journal): applied over the
     * group's latest {@link GroupState}, in place of the chain's position before. Written after each
     * group message sealed or opened, where the whole state would be hundreds of KiB.
     */
    record GroupPosition(String group, byte[] chainId, byte[] position) implements JournalEntry {}

    /**
     * A chain a group took (sealed with the rest of the journal): applied over the group's latest
     * {@link GroupState} and the chains taken since, in order. Written for each chain taken, where
     * the whole state would be tens to hundreds of KiB.
     */
    record GroupChain(String group, byte[] chainId, byte[] chain) implements JournalEntry {}

    /**
     * The bytes of an entry; never longer than {@link #MAX_BYTES}, so that every entry written is
     * read back (a longer one would end the journal at its frame, and lose every entry after it).
     *
     * @throws IllegalArgumentException for an entry {@link #decode} would refuse (too long)
     */
    static byte[] encode(JournalEntry e) {
        if (e instanceof GroupState g && g.state().length > MAX_GROUP_STATE_BYTES) {
            throw new IllegalArgumentException("group state of " + g.state().length + " bytes");
        }
        if (e instanceof GroupPosition p
                && (p.chainId().length != CHAIN_ID_BYTES
                        || p.position().length < 1
                        || p.position().length > MAX_GROUP_POSITION_BYTES)) {
            throw new IllegalArgumentException(
                    "group position of " + p.position().length + " bytes, chain id of " + p.chainId().length);
        }
        if (e instanceof GroupChain c
                && (c.chainId().length != CHAIN_ID_BYTES
                        || c.chain().length < 1
                        || c.chain().length > MAX_GROUP_CHAIN_BYTES)) {
            throw new IllegalArgumentException(
                    "group chain of " + c.chain().length + " bytes, chain id of " + c.chainId().length);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (e instanceof Seen s) {
                out.writeByte(1);
                out.write(s.senderKey());
                out.write(s.id().toBytes());
            } else if (e instanceof Unsaved u) {
                out.writeByte(2);
                name(out, u.peer());
                ChatMessage m = u.message();
                out.write(m.id().toBytes());
                name(out, m.from());
                name(out, m.to());
                out.writeLong(m.sentAt().toEpochMilli());
                byte[] text = m.text().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
                out.writeBoolean(m.viaInbox());
            } else if (e instanceof Saved s) {
                out.writeByte(3);
                name(out, s.peer());
                out.writeLong(s.mark());
            } else if (e instanceof Base b) {
                out.writeByte(4);
                name(out, b.peer());
                out.writeLong(b.firstMark());
            } else if (e instanceof GroupState g) {
                out.writeByte(5);
                name(out, g.group());
                out.writeInt(g.state().length);
                out.write(g.state());
            } else if (e instanceof GroupPosition p) {
                out.writeByte(6);
                name(out, p.group());
                out.write(p.chainId());
                out.writeShort(p.position().length);
                out.write(p.position());
            } else if (e instanceof GroupChain c) {
                out.writeByte(7);
                name(out, c.group());
                out.write(c.chainId());
                out.writeShort(c.chain().length);
                out.write(c.chain());
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        if (bytes.size() > MAX_BYTES) {
            throw new IllegalArgumentException("journal entry of " + bytes.size() + " bytes");
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException for anything that is not an entry this version wrote */
    static JournalEntry decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("journal entry of " + bytes.length + " bytes");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        try {
            JournalEntry e = switch (in.readByte()) {
                case 1 -> new Seen(exactly(in, 32), MessageId.of(exactly(in, MessageId.BYTES)));
                case 2 -> {
                    String peer = name(in);
                    MessageId id = MessageId.of(exactly(in, MessageId.BYTES));
                    String from = name(in);
                    String to = name(in);
                    Instant at = Instant.ofEpochMilli(in.readLong());
                    int length = in.readInt();
                    if (length < 1 || length > ChatMessage.MAX_TEXT_BYTES) {
                        throw new IllegalArgumentException("text of " + length + " bytes");
                    }
                    String text = new String(exactly(in, length), StandardCharsets.UTF_8);
                    yield new Unsaved(peer, new ChatMessage(id, from, to, at, text, in.readBoolean()));
                }
                case 3 -> new Saved(name(in), in.readLong());
                case 4 -> new Base(name(in), in.readLong());
                case 5 -> {
                    String group = name(in);
                    int length = in.readInt();
                    if (length < 0 || length > MAX_GROUP_STATE_BYTES) {
                        throw new IllegalArgumentException("group state of " + length + " bytes");
                    }
                    yield new GroupState(group, exactly(in, length));
                }
                case 6 -> {
                    String group = name(in);
                    byte[] chainId = exactly(in, CHAIN_ID_BYTES);
                    int length = in.readUnsignedShort();
                    if (length < 1 || length > MAX_GROUP_POSITION_BYTES) {
                        throw new IllegalArgumentException("group position of " + length + " bytes");
                    }
                    yield new GroupPosition(group, chainId, exactly(in, length));
                }
                case 7 -> {
                    String group = name(in);
                    byte[] chainId = exactly(in, CHAIN_ID_BYTES);
                    int length = in.readUnsignedShort();
                    if (length < 1 || length > MAX_GROUP_CHAIN_BYTES) {
                        throw new IllegalArgumentException("group chain of " + length + " bytes");
                    }
                    yield new GroupChain(group, chainId, exactly(in, length));
                }
                default -> throw new IllegalArgumentException("unknown journal entry type");
            };
            if (in.available() != 0) {
                throw new IllegalArgumentException("bytes after the journal entry");
            }
            return e;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated journal entry", e);
        }
    }

    private static void name(DataOutputStream out, String name) throws IOException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name of " + b.length + " bytes");
        }
        out.writeShort(b.length);
        out.write(b);
    }

    private static String name(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("name of " + length + " bytes");
        }
        return new String(exactly(in, length), StandardCharsets.UTF_8);
    }

    private static byte[] exactly(DataInputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
