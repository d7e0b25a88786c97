package io.confchat.chat.internal.login;

import io.confchat.api.chat.ChatSummary;
import io.confchat.api.chat.GroupConversation;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupMessage;
import io.confchat.api.chat.UnknownUserException;
import io.confchat.chat.internal.account.UserKeys;
import io.confchat.chat.internal.group.GroupChat;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.inbox.InboxReader;
import io.confchat.chat.internal.proto.GroupEntry;
import io.confchat.chat.internal.proto.GroupStanding;
import io.confchat.chat.internal.records.Usernames;
import io.confchat.chat.internal.runtime.Users;
import io.confchat.chat.internal.session.SessionEvent;
import io.confchat.dht.time.Scheduler;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * The group part of a login: the API's group methods over {@link GroupChat}, the group envelopes
 * of live sessions and the inbox, and the periodic catch-up ({@link CatchUpRounds}). Thread-safe.
 */
public final class LoginGroups {
    private final GroupChat chat;
    private final GroupViews views;
    private final Histories histories;
    private final Users users;
    private final Pins pins;
    private final CatchUpRounds rounds;
    private final String self;
    /** Told every user resolved here to create a group with or invite ({@link GroupChannels#resolved}). */
    private final java.util.function.Consumer<UserKeys> resolved;

    /**
     * Completes once the login's first inbox read and catch-up are done (or failed): a send waits
     * for it, so it is sealed on the chain of the newest epoch this login can know of, never on a
     * chain a member removed while this user was away still holds.
     */
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

    LoginGroups(
            GroupChat chat,
            GroupViews views,
            Histories histories,
            Users users,
            Pins pins,
            Scheduler scheduler,
            Random random,
            String self,
            java.util.function.Consumer<UserKeys> resolved) {
        this.chat = chat;
        this.views = views;
        this.histories = histories;
        this.users = users;
        this.pins = pins;
        this.rounds = new CatchUpRounds(scheduler, random, () -> chat.catchUp().all());
        this.self = self;
        this.resolved = resolved;
    }

    public CompletableFuture<GroupInfo> create(String name, List<String> members) {
        return resolveAll(members)
                .thenCompose(keys -> chat.groups().create(name, keys))
                .thenApply(info -> listed(info, GroupStanding.GROUP_JOINED));
    }

    /** Writes the user's standing in {@code info}'s group to the chat list (not awaited). */
    private GroupInfo listed(GroupInfo info, GroupStanding standing) {
        views.list().standing(info.id(), info.name(), standing);
        return info;
    }

    public CompletableFuture<GroupInfo> invite(GroupId id, String username) {
        if (Usernames.normalize(username).equals(self)) {
            throw new IllegalArgumentException("you are in the group already");
        }
        return resolveAll(List.of(username)).thenCompose(keys -> chat.groups().invite(id, keys.get(0)));
    }

    public CompletableFuture<GroupInfo> join(GroupId id) {
        return chat.join(id).thenApply(info -> listed(info, GroupStanding.GROUP_JOINED));
    }

    public CompletableFuture<Void> leave(GroupId id) {
        GroupInfo before = chat.groups().info(id);
        return chat.groups().leave(id).thenRun(() -> listed(before, GroupStanding.GROUP_LEFT));
    }

    public CompletableFuture<GroupInfo> remove(GroupId id, String username) {
        return chat.groups().remove(id, Usernames.normalize(username));
    }

    /** The group code of this login (tests look inside). */
    public GroupChat chat() {
        return chat;
    }

    public List<GroupInfo> list() {
        return chat.groups().list();
    }

    /** One group, after reading the DHT for newer epochs. */
    public CompletableFuture<GroupInfo> info(GroupId id) {
        GroupInfo now = chat.groups().info(id);
        return chat.catchUp()
                .all()
                .thenApply(x -> chat.groups().holds(id) ? chat.groups().info(id) : now);
    }

    public CompletableFuture<GroupConversation> open(GroupId id) {
        GroupInfo info = chat.groups().info(id);
        if (!info.joined()) {
            throw new IllegalStateException("join the group first");
        }
        OpenGroup g = views.open(id, window -> new OpenGroup(id, chat.groups(), window, () -> closed(id)));
        return history(id).thenApply(saved -> {
            g.window().prependSaved(saved.stream().map(views::toHistory).toList());
            return g;
        });
    }

    private CompletableFuture<Void> closed(GroupId id) {
        views.get(id).ifPresent(g -> views.closed(id, g));
        return histories.flush(GroupViews.historyName(id)).thenApply(x -> null);
    }

    /** Sends once the login's first inbox read and catch-up are done ({@link #caughtUp()}). */
    public CompletableFuture<GroupDelivery> send(GroupId id, String text) {
        return caughtUp.thenCompose(x -> chat.groups().send(id, text));
    }

    /** The login's first inbox read and catch-up are done, or failed: sends go on. */
    void caughtUp() {
        caughtUp.complete(null);
    }

    public CompletableFuture<List<GroupMessage>> history(GroupId id) {
        chat.groups().info(id); // fails for a group not held
        return histories
                .read(GroupViews.historyName(id))
                .thenApply(all ->
                        all.stream().map(m -> GroupViews.fromHistory(id, m)).toList());
    }

    /** The chat list entries of the groups held, from the chat list's group entries ({@code stored}). */
    List<ChatSummary> summaries(Map<String, GroupEntry> stored) {
        return views.summaries(list(), stored);
    }

    /** A group envelope from a live session. */
    void live(SessionEvent.Group event) {
        chat.intake()
                .receive(
                        event.session().peer(),
                        event.session().peerIdentityKey(),
                        event.payload(),
                        GroupIntake.Via.LIVE);
    }

    /**
     * Group items from the inbox; completes with those handled (they may be acknowledged). Each
     * sender's items are handled one after the other, in the order it sent them (a member's
     * chain handed over at a rekey is taken after the one before it, see GroupCatchUp); different
     * senders' at once.
     */
    CompletableFuture<List<InboxReader.Arrival>> fromInbox(List<InboxReader.Arrival> items) {
        List<CompletableFuture<InboxReader.Arrival>> each = new ArrayList<>();
        java.util.Map<String, CompletableFuture<?>> lastOfSender = new java.util.HashMap<>();
        List<InboxReader.Arrival> inOrder = items.stream()
                .sorted(java.util.Comparator.comparing(a -> a.message().sentAt()))
                .toList();
        for (InboxReader.Arrival a : inOrder) {
            if (pins.trusted(a.sender())) {
                String sender = java.util.HexFormat.of().formatHex(a.sender().identityKey());
                CompletableFuture<?> before =
                        lastOfSender.getOrDefault(sender, CompletableFuture.completedFuture(null));
                CompletableFuture<InboxReader.Arrival> handled = before.handle((x, e) -> null)
                        .thenCompose(x -> chat.intake()
                                .receive(
                                        a.sender().username(),
                                        a.sender().identityKey(),
                                        a.group(),
                                        GroupIntake.Via.INBOX))
                        .handle((x, error) -> error == null ? a : null);
                lastOfSender.put(sender, handled);
                each.add(handled);
            }
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<InboxReader.Arrival> done = new ArrayList<>();
            each.forEach(f -> {
                if (f.join() != null) {
                    done.add(f.join());
                }
            });
            return done;
        });
    }

    /** Catches up now, then in rounds ({@link CatchUpRounds}) until {@link #stop}. */
    CompletableFuture<Void> start() {
        CompletableFuture<Void> now = chat.catchUp().all();
        rounds.start();
        return now;
    }

    void stop() {
        rounds.stop();
        views.list().stop();
    }

    /**
     * Writes what waits of the chat list's group entries and of the key backups (at logout), so a
     * login elsewhere starts where this one stopped; completes when written or failed.
     */
    CompletableFuture<Void> flush() {
        return CompletableFuture.allOf(views.list().flush(), chat.flushBackups());
    }

    /** The keys of every named user (normalized, once each, never this user), pins enforced. */
    private CompletableFuture<List<UserKeys>> resolveAll(List<String> names) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        names.forEach(n -> unique.add(Usernames.normalize(n)));
        unique.remove(self);
        List<CompletableFuture<UserKeys>> each = new ArrayList<>();
        for (String n : unique) {
            each.add(users.lookup(n).thenApply(k -> {
                UserKeys keys = k.orElseThrow(() -> new UnknownUserException("there is no user named '" + n + "'"));
                pins.require(keys);
                resolved.accept(keys);
                return keys;
            }));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
    }
}
