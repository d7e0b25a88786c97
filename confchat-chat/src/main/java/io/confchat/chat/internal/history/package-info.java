/**
 * History and chat list (docs/architecture.md#history-and-chat-list): records only their owner can read, encrypted
 * under the owner's storage key ({@link io.confchat.chat.internal.history.PrivateRecords}) and
 * stored under keys only the owner can derive. A conversation's history is a signed index plus
 * chunks ({@link io.confchat.chat.internal.history.HistoryStore}); the chat list pins each peer's
 * identity key at first contact ({@link io.confchat.chat.internal.history.ChatListStore}) and lists
 * the user's group chats ({@link io.confchat.chat.internal.history.GroupEntries}); a key backup per
 * group lets the user's other devices read it ({@link
 * io.confchat.chat.internal.history.GroupKeysStore}, docs/architecture.md#group-chats-on-any-node).
 */
package io.confchat.chat.internal.history;
