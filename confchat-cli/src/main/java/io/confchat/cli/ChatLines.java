package io.confchat.cli;

import io.confchat.api.chat.ChatMessage;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.GroupMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * How the interactive client writes its lines. Every line starts with a time: {@code [HH:mm]}
 * today, {@code [yyyy-MM-dd HH:mm]} before. A message reads {@code [21:40] bob: hi}, an action
 * ({@code /me waves}) {@code [21:40] * bob waves}, and your own texts end with their delivery
 * mark: {@code [queued]} (in the peer's inbox) or {@code [delivered]} (the peer's client has it).
 */
final class ChatLines {
    static final String ACTION = "/me ";

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;
    private final ZoneId zone;

    ChatLines(Clock clock) {
        this.clock = clock;
        this.zone = clock.getZone();
    }

    /** {@code [21:40] } for a moment today, with the date for earlier days. */
    String stamp(Instant at) {
        boolean today = LocalDate.ofInstant(at, zone).equals(LocalDate.now(clock));
        return "[" + (today ? TODAY : EARLIER).withZone(zone).format(at) + "] ";
    }

    /** A notice stamped now. */
    AttributedString notice(String text, int color) {
        return new AttributedStringBuilder()
                .append(stamp(clock.instant()))
                .style(AttributedStyle.DEFAULT.foreground(color))
                .append(text)
                .toAttributedString();
    }

    /** A message of a chat, with the delivery mark of one of your own. */
    AttributedString message(ChatMessage m, Optional<DeliveryState> mark, String me) {
        boolean mine = m.from().equals(me);
        AttributedStringBuilder line = new AttributedStringBuilder().append(stamp(m.sentAt()));
        AttributedStyle style = mine ? AttributedStyle.DEFAULT : AttributedStyle.DEFAULT.foreground(Screen.CYAN);
        if (m.text().startsWith(ACTION)) {
            line.style(style).append("* " + m.from() + " " + m.text().substring(ACTION.length()));
        } else {
            line.style(style.bold()).append(m.from()).style(style).append(": " + m.text());
        }
        mark.ifPresent(state -> line.style(AttributedStyle.DEFAULT.foreground(
                        state == DeliveryState.DELIVERED ? Screen.GREEN : Screen.YELLOW))
                .append(" " + mark(state)));
        return line.toAttributedString();
    }

    /** A message of a group chat, drawn as a chat line is. */
    AttributedString message(GroupMessage m, Optional<DeliveryState> mark, String me) {
        return message(new ChatMessage(m.id(), m.from(), me, m.sentAt(), m.text(), m.viaCatchUp()), mark, me);
    }

    static String mark(DeliveryState state) {
        return state == DeliveryState.DELIVERED ? "[delivered]" : "[queued]";
    }
}
