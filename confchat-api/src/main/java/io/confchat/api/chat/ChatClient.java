package io.confchat.api.chat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One chat user's view of the network: accounts, the user list, conversations, history.
 *
 * <p>Thread-safe. Every method returns at once; futures complete on internal threads, so callers
 * must not block inside their callbacks. Futures fail with the {@link
 * io.confchat.api.ConfChatException} subclass named on each method, or {@link
 * NotLoggedInException} when a logged-in user is needed and there is none. After {@link #close()}
 * every operation fails with {@link io.confchat.api.NodeClosedException}.
 */
public interface ChatClient extends AutoCloseable {

    /**
     * Creates an account: identity, inbox and storage keys, sealed under the password, published
     * as a signed user record that nobody else can take over. Does not log in.
     *
     * @return fails with {@link InvalidUsernameException}, {@link WeakPasswordException} or
     *     {@link UsernameTakenException}
     */
    CompletableFuture<Void> register(String username, String password);

    /**
     * Logs in from this node: opens the account's keys with the password, announces the user
     * online, then fetches the offline inbox (its messages reach {@link ChatListener#onMessage}).
     * A user already logged in here is logged out first.
     *
     * @return fails with {@link AuthenticationException}, the same for an unknown user and a
     *     wrong password, or {@link NameUnconfirmedException} when no node holding the account's
     *     record answered (try again)
     */
    CompletableFuture<Void> login(String username, String password);

    /** Ends every live conversation (saving its history), announces the user offline. */
    CompletableFuture<Void> logout();

    /** The user logged in on this client, if any. */
    Optional<String> currentUser();

    /**
     * The user list, bounded whatever the size of the network: the people you know ({@link
     * #contacts()}, when logged in) and, while the network is small enough to list everyone, the
     * first page of {@link #everyone}; each with their status, sorted by name. In a large network
     * it lists only the people you know: find others with {@link #findUsers}.
     */
    CompletableFuture<List<Presence>> users();

    /**
     * The people you know: the peers of your chat list (contacts and recent chats, most recent
     * first, at most 200), each with their status read under the key pinned for them.
     *
     * @return fails with {@link NotLoggedInException} when nobody is logged in
     */
    CompletableFuture<List<Presence>> contacts();

    /**
     * The users whose names start with {@code prefix} (a whole name finds that user), at most 25,
     * sorted by name, with their status. No login needed. A prefix of one or two characters is
     * searched only while the network is small enough to list everyone.
     *
     * @return fails with {@link InvalidUsernameException} for a prefix that no username could start
     *     with, or one too short to search in a large network
     */
    CompletableFuture<UserPage> findUsers(String prefix);

    /**
     * One page (at most 50) of everyone in the directory, sorted by name, after the user named
     * {@code after} (from the start when empty); empty when the network is too large to list
     * everyone (over about a thousand users): {@link #findUsers} finds users there. No login
     * needed.
     *
     * @return fails with {@link InvalidUsernameException} if {@code after} is not a username
     */
    CompletableFuture<Optional<UserPage>> everyone(Optional<String> after);

    /**
     * Opens a conversation: live over a direct, end-to-end encrypted connection when the peer is
     * online and reachable, offline (messages go to the peer's inbox) otherwise. The
     * conversation starts with the saved history. Opening a peer that has a conversation open
     * returns that one.
     *
     * @return fails with {@link UnknownUserException} if there is no such user, {@link
     *     NameUnconfirmedException} if who owns the name could not be confirmed right now (too few
     *     of its nodes answered or agree: try again), {@link NameContestedException} if two
     *     accounts claim it equally, or {@link PeerKeyChangedException} if the name now resolves to
     *     another key than the one pinned
     */
    CompletableFuture<Conversation> open(String username);

    /** The saved messages exchanged with {@code username}, oldest first, from any node. */
    CompletableFuture<List<ChatMessage>> history(String username);

    /**
     * Accepts the identity key {@code username} now resolves to, in place of the one pinned at
     * first contact (see {@link PeerKeyChangedException}); from then on it is the pinned key.
     * Only after the person verified the change with the peer by other means.
     *
     * @return fails with {@link UnknownUserException} if the name resolves to nobody, or {@link
     *     NameUnconfirmedException} if who owns it could not be confirmed right now
     */
    CompletableFuture<Void> acceptKeyChange(String username);

    /**
     * The logged-in user's chats, 1:1 and group chats ({@link ChatSummary#group()}), most recent
     * activity first, with their unread counts.
     */
    CompletableFuture<List<ChatSummary>> chats();

    /**
     * Creates a group named {@code name} with this user as its admin and {@code members} (other
     * usernames, at most {@link GroupInfo#MAX_MEMBERS} with this user) as members: publishes the
     * signed membership (epoch 0) in the DHT and sends each member an invitation (live or through
     * its inbox) with this user's sending key. Each member sees {@link
     * ChatListener#onGroupInvitation} and takes part once it calls {@link #joinGroup}.
     *
     * @return the group as created; fails with {@link UnknownUserException} if a name resolves to
     *     nobody, {@link NameUnconfirmedException} if who owns a name could not be confirmed right
     *     now (nothing is created: try again), {@link PeerKeyChangedException} if one resolves to
     *     another key than the one pinned, or {@link IllegalArgumentException} for a name of more than 64 characters, an
     *     empty one, or too many members
     */
    CompletableFuture<GroupInfo> createGroup(String name, List<String> members);

    /**
     * Adds {@code username} to a group of which this user is an admin: a new epoch, signed and
     * published, and an invitation to the new member. Members see {@link
     * ChatListener#onGroupChanged}; the new member reads only what is sent from then on.
     *
     * @return the group after the change; fails with {@link IllegalStateException} if this user
     *     is not an admin of the group, or with the exceptions of {@link #createGroup}
     */
    CompletableFuture<GroupInfo> invite(GroupId group, String username);

    /**
     * Accepts an invitation ({@link ChatListener#onGroupInvitation}): from then on the group's
     * messages are shown (those sent since the invitation are caught up) and this user may send.
     *
     * @return the group; fails with {@link IllegalArgumentException} if there is no invitation to
     *     that group
     */
    CompletableFuture<GroupInfo> joinGroup(GroupId group);

    /**
     * Leaves a group: a new epoch without this user, signed by this user and published; the other
     * members start new keys that this user never gets. Declines a pending invitation too. When this
     * user is the group's last admin, the same epoch makes the longest-standing other member an
     * admin; when it is the only member, the group is just forgotten here.
     *
     * @return completes when the change is published; fails with {@link IllegalArgumentException}
     *     if this user is not a member
     */
    CompletableFuture<Void> leaveGroup(GroupId group);

    /**
     * Removes {@code username} from a group of which this user is an admin: a new epoch, signed and
     * published; every remaining member starts new keys, so the removed member cannot read
     * anything sent from then on.
     *
     * @return the group after the change; fails with {@link IllegalStateException} if this user is
     *     not an admin, or {@code username} is an admin who joined the group before this user (an
     *     admin removes only admins who joined after it), or {@link IllegalArgumentException} if
     *     {@code username} is not a member
     */
    CompletableFuture<GroupInfo> removeFromGroup(GroupId group, String username);

    /** The groups this user belongs to or is invited to, sorted by name. */
    CompletableFuture<List<GroupInfo>> groups();

    /**
     * One group's membership (names, admins, epoch) as last verified; reads the DHT for newer
     * epochs first.
     *
     * @return fails with {@link IllegalArgumentException} if this user holds no such group
     */
    CompletableFuture<GroupInfo> group(GroupId group);

    /**
     * Opens a group chat with its saved history; opening a group that is open returns that one.
     *
     * @return fails with {@link IllegalArgumentException} if this user holds no such group, or
     *     {@link IllegalStateException} if it has not joined it
     */
    CompletableFuture<GroupConversation> openGroup(GroupId group);

    /**
     * Sends a text to a group without opening it: {@link GroupConversation#send}, with the same
     * outcomes.
     */
    CompletableFuture<GroupDelivery> sendToGroup(GroupId group, String text);

    /** The saved messages of a group, oldest first, with what this device has not saved yet. */
    CompletableFuture<List<GroupMessage>> groupHistory(GroupId group);

    /** Adds a listener; called on internal threads, must not block. */
    void addListener(ChatListener listener);

    void removeListener(ChatListener listener);

    /**
     * The client's state now: who is logged in, presence, live sessions, open conversations, texts
     * waiting in peers' inboxes (see {@link ClientSnapshot}). Cheap (counts read, no I/O), so a
     * metrics registry may call it on every scrape; thread-safe; works after close too.
     */
    ClientSnapshot snapshot();

    /** The address this client's node listens on (DHT and live sessions share it). */
    InetSocketAddress localAddress();

    /**
     * Logs out (if logged in) and stops the node; idempotent. Never blocks a network thread.
     *
     * @return completes when the node is stopped; the logout before it takes at most the client's
     *     configured logout timeout
     */
    CompletableFuture<Void> closeAsync();

    /**
     * {@link #closeAsync()}, waiting for it at most the client's logout timeout plus a few seconds
     * (the rest then finishes in the background). Idempotent.
     */
    @Override
    void close();
}
