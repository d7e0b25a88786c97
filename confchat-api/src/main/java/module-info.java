/**
 * The stable interfaces and value types of conf-chat: {@link io.confchat.api.Dht}, records, keys,
 * the chat client's contract ({@link io.confchat.api.chat.ChatClient}) and the exceptions. JDK
 * only.
 */
module io.confchat.api {
    exports io.confchat.api;
    exports io.confchat.api.chat;
}
