/**
 * The chat API an application drives (docs/architecture.md#the-chat-layer-confchat-chat): start at
 * {@link io.confchat.api.chat.ChatClient} (obtained from {@code
 * io.confchat.chat.ConfChat.builder()}), then {@link io.confchat.api.chat.Conversation} and {@link
 * io.confchat.api.chat.ChatListener}; for status and metrics, {@link
 * io.confchat.api.chat.ClientSnapshot} and {@link io.confchat.api.chat.ClientEvent}. Value types
 * are immutable; failures are subclasses of {@link
 * io.confchat.api.ConfChatException} whose messages a person can act on.
 */
package io.confchat.api.chat;
