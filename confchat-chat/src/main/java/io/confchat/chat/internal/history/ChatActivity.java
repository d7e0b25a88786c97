package io.confchat.chat.internal.history;

/** What happened in a chat, as the chat list records it. */
public sealed interface ChatActivity {
    /** The user opened the chat: its messages are read. */
    record Opened() implements ChatActivity {}

    /** Messages arrived that no open conversation showed: they count as unread. */
    record Unread(int messages) implements ChatActivity {}

    /** Messages were exchanged (or the peer dialed): only the last activity moves. */
    record Exchanged() implements ChatActivity {}

    ChatActivity OPENED = new Opened();
    ChatActivity EXCHANGED = new Exchanged();
}
