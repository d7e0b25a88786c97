package io.confchat.chat.internal.runtime;

import java.time.Duration;

/**
 * The settings a login runs by (from the client's {@code ChatConfig}).
 *
 * @param presenceTtl lifetime of each presence record
 * @param presenceInterval time between presence records
 * @param inboxPollInterval time between checks of the inbox and the outbox
 * @param window most messages an open conversation holds in memory
 * @param historySaveInterval least time between two saves of a conversation that fills chunks
 * @param historyFlushInterval most time a message waits unsaved in a quiet conversation
 * @param retryDelay wait before a failed save is tried again
 * @param logoutTimeout most time a logout waits for goodbyes and saves before it goes on
 */
public record LoginSettings(
        Duration presenceTtl,
        Duration presenceInterval,
        Duration inboxPollInterval,
        int window,
        Duration historySaveInterval,
        Duration historyFlushInterval,
        Duration retryDelay,
        Duration logoutTimeout,
        Duration refreshOlderThan,
        Duration refreshCheckInterval) {}
