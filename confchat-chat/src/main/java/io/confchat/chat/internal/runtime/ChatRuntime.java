package io.confchat.chat.internal.runtime;

import io.confchat.api.Dht;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.history.ChatListStore;
import io.confchat.chat.internal.history.HistoryStore;
import io.confchat.chat.internal.presence.PresenceReader;
import io.confchat.chat.internal.session.SessionEndpoint;
import io.confchat.chat.internal.session.SessionSettings;
import io.confchat.dht.time.Scheduler;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * What every login of one client shares: the DHT, the clock, the executors, and the stores and
 * readers that hold no per-login state. Built once, where the client is built.
 *
 * @param worker runs slow work (bcrypt, history encryption) off the network threads
 * @param serial runs session events and listener calls one at a time, in order
 * @param users who each username belongs to, by the majority of its replicas
 * @param userList the user list, which also hears of every presence read
 * @param endpoints where this client's sessions can be reached (directly or through relays), for
 *     its presence
 * @param inboxReceived messages fetched from the user's offline inbox and shown, over every login
 *     of this client (its snapshot reads it)
 */
public record ChatRuntime(
        Dht dht,
        Scheduler scheduler,
        Executor worker,
        Executor serial,
        SecureRandom random,
        LoginSettings settings,
        Accounts accounts,
        Users users,
        PresenceReader presences,
        HistoryStore history,
        ChatListStore chatList,
        SessionSettings sessions,
        ChatEvents events,
        UserList userList,
        DeviceStates devices,
        Supplier<List<SessionEndpoint>> endpoints,
        LongAdder inboxReceived) {}
