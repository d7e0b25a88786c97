package io.confchat.chat.internal.records;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Message ids: 16 random bytes, shown as 32 lower-case hex digits. */
public final class MessageIds {
    private static final HexFormat HEX = HexFormat.of();

    private MessageIds() {}

    public static String random(SecureRandom random) {
        byte[] id = new byte[Payloads.MESSAGE_ID_BYTES];
        random.nextBytes(id);
        return HEX.formatHex(id);
    }

    /** @throws IllegalArgumentException if {@code id} is not 32 hex digits */
    public static byte[] toBytes(String id) {
        if (id.length() != 2 * Payloads.MESSAGE_ID_BYTES) {
            throw new IllegalArgumentException("a message id has 32 hex digits");
        }
        return HEX.parseHex(id);
    }

    public static String toHex(byte[] id) {
        return HEX.formatHex(id);
    }
}
