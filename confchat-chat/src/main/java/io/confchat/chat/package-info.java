/**
 * The chat layer of conf-chat (docs/architecture.md#the-chat-layer-confchat-chat): accounts, presence, Noise-secured live sessions,
 * the offline inbox, history and the chat list, all stored as signed records through the {@link
 * io.confchat.api.Dht} interface. Start with {@link io.confchat.chat.ConfChat}: {@code builder()}
 * starts a node of its own; {@code clientOn} puts a client on a running node; {@code builder().dht(...)} on any
 * running {@code Dht}, with a {@link io.confchat.chat.SessionNetwork} for its live sessions. {@link
 * io.confchat.chat.ChatConfig} holds the settings. Everything under {@code internal} is
 * implementation, not exported by the module.
 */
package io.confchat.chat;
