package io.confchat.chat.internal.runtime;

import io.confchat.api.chat.ChatListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's listeners and the one place events reach them: in order, on the client's
 * event executor, never on a network thread. A failing listener is logged; the others still run.
 */
public final class ChatEvents {
    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);

    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Executor executor;

    /** @param executor a serial executor: events keep their order */
    public ChatEvents(Executor executor) {
        this.executor = executor;
    }

    public void add(ChatListener listener) {
        listeners.add(listener);
    }

    public void remove(ChatListener listener) {
        listeners.remove(listener);
    }

    /** Tells every listener, later, on the event executor. */
    public void emit(Consumer<ChatListener> event) {
        executor.execute(() -> {
            for (ChatListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    log.warn("a chat listener failed", e);
                }
            }
        });
    }
}
