package io.confchat.chat.internal.group;

import io.confchat.api.chat.MessageId;

/**
 * The plaintext of a group message (a {@code GroupText}, see group.proto).
 *
 * @param id random, with the sender's identity key what de-duplication keys
 * @param sentAtMillis the sender's clock
 * @param text 1 byte to 16 KiB of UTF-8
 */
record GroupText(MessageId id, long sentAtMillis, String text) {}
