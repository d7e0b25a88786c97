package io.confchat.cli;

import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.DeliveryState;
import io.confchat.api.chat.GroupChange;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupInfo;
import io.confchat.api.chat.GroupInvitation;
import io.confchat.api.chat.GroupMessage;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jline.utils.AttributedStringBuilder;

/**
 * What the interactive client shows of groups as things happen, as {@link ChatNotices} does for
 * 1:1 chats: a message of the shown group chat as a chat line, of another group as a notice and an
 * unread count for {@code #name}; invitations with the command that accepts them; membership
 * changes; your own group texts with how many members received them live. Never blocks.
 */
final class GroupNotices implements ChatListener, OpenGroups.SendObserver {
    private final ChatNotices notices;
    private final Screen screen;
    private final ChatBoard board;
    private final ChatLines lines;
    private final OpenGroups groups;
    private final Supplier<String> me;
    private final Clock clock;

    GroupNotices(
            ChatNotices notices, Screen screen, ChatBoard board, OpenGroups groups, Supplier<String> me, Clock clock) {
        this.notices = notices;
        this.screen = screen;
        this.board = board;
        this.lines = notices.lines();
        this.groups = groups;
        this.me = me;
        this.clock = clock;
    }

    @Override
    public void onGroupMessage(GroupMessage m) {
        String label = groups.label(m.group());
        String when = m.viaCatchUp() ? " (sent while you were offline)" : "";
        notices.arrived(
                label,
                "new message in " + label + " from " + m.from() + when,
                m.text(),
                lines.message(m, Optional.empty(), me.get()));
    }

    @Override
    public void sending(GroupInfo group, String text, CompletableFuture<GroupDelivery> delivery, boolean fromScript) {
        board.sendingStarted();
        screen.refresh();
        String label = GroupRefs.label(group);
        delivery.whenComplete((d, error) -> {
            board.sendingEnded();
            if (error != null) {
                screen.error(lines.stamp(clock.instant()) + "not sent to " + label + " (" + Failures.describe(error)
                        + "): " + text);
            } else {
                String suffix = (fromScript ? " (sent by a script)" : "") + " " + received(d);
                if (board.isShown(label)) {
                    screen.say(new AttributedStringBuilder()
                            .append(lines.message(d.message(), Optional.empty(), me.get()))
                            .append(suffix)
                            .toAttributedString());
                } else {
                    screen.say(new AttributedStringBuilder()
                            .append(lines.notice("you to " + label + ": ", Screen.YELLOW))
                            .append(d.message().text() + suffix)
                            .toAttributedString());
                }
            }
            screen.refresh();
        });
    }

    /** {@code [2/3 live]}: members who acknowledged it live, of the members it went to. */
    static String received(GroupDelivery d) {
        return d.members().isEmpty()
                ? "[only you]"
                : "[" + d.deliveredCount() + "/" + d.members().size() + " live]";
    }

    @Override
    public void onGroupDelivery(GroupDelivery d) {
        String label = groups.label(d.message().group());
        if (board.isShown(label) && d.members().values().stream().allMatch(s -> s == DeliveryState.DELIVERED)) {
            screen.say(lines.notice(
                    "every member of " + label + " received your message of "
                            + lines.stamp(d.message().sentAt()).strip(),
                    Screen.GREEN));
            screen.refresh();
        }
    }

    @Override
    public void onGroupInvitation(GroupInvitation invitation) {
        GroupInfo g = invitation.group();
        screen.say(lines.notice(
                invitation.from() + " invited you to " + GroupRefs.label(g) + " (" + GroupRefs.members(g)
                        + "): /group join " + GroupRefs.label(g) + " accepts, /group leave " + GroupRefs.label(g)
                        + " declines",
                Screen.YELLOW));
        notices.ring();
        screen.refresh();
    }

    @Override
    public void onGroupChanged(GroupChange change) {
        String label = GroupRefs.label(change.group());
        if (change.removed().contains(me.get()) && !change.by().equals(me.get())) {
            screen.error(label + ": " + change.by() + " removed you; you read nothing sent to it from now on");
        } else {
            screen.say(lines.notice(label + ": " + GroupRefs.describe(change), Screen.CYAN));
        }
        screen.refresh();
    }
}
