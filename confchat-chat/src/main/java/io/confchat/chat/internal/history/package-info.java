/**
 * History and chat list (docs/architecture.md#history-and-chat-list): records only their owner can read, encrypted
 * under the owner's storage key ({@link io.confchat.chat.internal.history.PrivateRecords}) and
 * stored under keys only the owner can derive. A conversation's history is a signed index plus
 * chunks ({@link io.confchat.chat.internal.history.HistoryStore}); the chat list pins each peer's
 * identity key at first contact ({@link io.confchat.chat.internal.history.ChatListStore}).
 */
package io.confchat.chat.internal.history;
