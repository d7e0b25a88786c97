package io.confchat.chat.internal.device;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.MessageId;

/**
 * Where a device's memory of a user is written as it changes, so that it survives the process:
 * {@link #NONE} without a data directory, a {@link DeviceJournal} with one. Implementations are
 * thread-safe.
 */
public interface DeviceLog {
    /** A message was shown: it must never be shown again. */
    void seen(byte[] senderKey, MessageId id);

    /** A message of the conversation with {@code peer} waits to be saved in the history. */
    void unsaved(String peer, ChatMessage message);

    /** The conversation's messages up to {@code mark} are in the saved history. */
    void saved(String peer, long mark);

    /** The state of a group (its keys) is now {@code state}; empty when the group was left. */
    void group(String group, byte[] state);

    /**
     * Where one chain of a group stands is now {@code position}: applied over the group's state
     * written last, in place of that chain's position written before.
     */
    void groupPosition(String group, byte[] chainId, byte[] position);

    /**
     * A group took the chain {@code chainId}, now {@code chain}: applied over the group's state
     * written last and the chains taken since, in order.
     */
    void groupChain(String group, byte[] chainId, byte[] chain);

    /** Makes everything written so far durable; returns once it is (or failed, logged). */
    void sync();

    /** Remembers nothing beyond the process. */
    DeviceLog NONE = new DeviceLog() {
        @Override
        public void seen(byte[] senderKey, MessageId id) {}

        @Override
        public void unsaved(String peer, ChatMessage message) {}

        @Override
        public void saved(String peer, long mark) {}

        @Override
        public void group(String group, byte[] state) {}

        @Override
        public void groupPosition(String group, byte[] chainId, byte[] position) {}

        @Override
        public void groupChain(String group, byte[] chainId, byte[] chain) {}

        @Override
        public void sync() {}
    };
}
