/**
 * The chat layer of conf-chat (docs/architecture.md#the-chat-layer-confchat-chat): accounts, presence, Noise-secured live sessions,
 * the offline inbox, history and the chat list, all stored as signed records through the {@link
 * io.confchat.api.Dht} interface.
 */
package io.confchat.chat;
