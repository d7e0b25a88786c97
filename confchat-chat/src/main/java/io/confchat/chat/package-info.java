/**
 * The chat layer of conf-chat (DESIGN.md 4): accounts, presence, Noise-secured live sessions,
 * the offline inbox, history and the chat list, all stored as signed records through the {@link
 * io.confchat.api.Dht} interface.
 */
package io.confchat.chat;
