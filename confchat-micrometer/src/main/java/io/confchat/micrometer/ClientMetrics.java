package io.confchat.micrometer;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ClientEvent;
import io.confchat.api.chat.ClientSnapshot;
import io.confchat.api.chat.Presence;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Binds a {@link ChatClient}'s {@link ClientSnapshot} and {@link ClientEvent}s to Micrometer:
 *
 * <table>
 * <caption>meters (every one also carries the tags given to the constructor)</caption>
 * <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 * <tr><td>{@code confchat.client.logged.in}</td><td>gauge</td><td></td><td>1 while a user is logged in</td></tr>
 * <tr><td>{@code confchat.client.online}</td><td>gauge</td><td></td><td>1 while the client announces its user online</td></tr>
 * <tr><td>{@code confchat.client.sessions}</td><td>gauge</td><td></td><td>live sessions open</td></tr>
 * <tr><td>{@code confchat.client.conversations}</td><td>gauge</td><td></td><td>conversations open</td></tr>
 * <tr><td>{@code confchat.client.inbox.queued}</td><td>gauge</td><td></td><td>texts waiting in offline peers' inboxes</td></tr>
 * <tr><td>{@code confchat.client.inbox.received}</td><td>function counter</td><td></td><td>messages delivered from the user's own inbox</td></tr>
 * <tr><td>{@code confchat.client.events}</td><td>counter</td><td>{@code type=logged_in|logged_out|session_opened|session_closed|inbox_delivered}</td><td>{@link ClientEvent}s since binding</td></tr>
 * </table>
 *
 * <p>Every meter of one scrape reads one snapshot (reused for up to one second). The meters hold
 * the client. Thread-safe.
 */
public final class ClientMetrics implements MeterBinder {
    private final ChatClient client;
    private final Tags tags;

    /** Meters of {@code client}, each with {@code tags} besides its own. */
    public ClientMetrics(ChatClient client, Iterable<Tag> tags) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = Tags.of(tags);
    }

    /** Meters of {@code client} without extra tags. */
    public ClientMetrics(ChatClient client) {
        this(client, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Memo<ClientSnapshot> now =
                new Memo<>(client::snapshot, registry.config().clock(), NodeMetrics.SNAPSHOT_REUSE);
        gauge(
                registry,
                "confchat.client.logged.in",
                "1 while a user is logged in",
                now,
                s -> s.user().isPresent() ? 1 : 0);
        gauge(
                registry,
                "confchat.client.online",
                "1 while the client announces its user online",
                now,
                s -> s.presence() == Presence.Status.ONLINE ? 1 : 0);
        gauge(registry, "confchat.client.sessions", "live sessions open", now, ClientSnapshot::liveSessions);
        gauge(registry, "confchat.client.conversations", "conversations open", now, ClientSnapshot::openConversations);
        gauge(
                registry,
                "confchat.client.inbox.queued",
                "texts waiting in offline peers' inboxes",
                now,
                ClientSnapshot::queuedForPeers);
        FunctionCounter.builder(
                        "confchat.client.inbox.received", client, c -> now.get().inboxReceived())
                .description("messages delivered from the user's own offline inbox")
                .tags(tags)
                .register(registry);
        client.addListener(new ChatListener() {
            @Override
            public void onClientEvent(ClientEvent event) {
                Counter.builder("confchat.client.events")
                        .description("changes of the client's state")
                        .tags(tags)
                        .tag("type", EventTypes.tagOf(event))
                        .register(registry)
                        .increment();
            }
        });
    }

    private void gauge(
            MeterRegistry registry,
            String name,
            String description,
            Memo<ClientSnapshot> now,
            ToDoubleFunction<ClientSnapshot> value) {
        Gauge.builder(name, client, c -> value.applyAsDouble(now.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
