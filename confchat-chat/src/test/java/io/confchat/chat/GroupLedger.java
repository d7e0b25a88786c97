package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;

/**
 * Every message a group sim sent, with the members its sender's membership named when it sealed
 * it (the epoch it was sealed under: the members who hold its chain), and the group invariant
 * checked against it: each of those members shows it exactly once, in its sender's order, and
 * nobody else shows it.
 *
 * <p>Nothing is excused (the two gaps it excused are closed, see {@link GroupCatchUpSimTest}): a
 * member who leaves or is removed shows what was on its way to it at that moment ({@code
 * aMemberLeaving_getsWhatWasOnItsWayToIt}), and a member offline while a member later removed (or
 * leaving) sent gets that member's messages whether the chain was held before the removal ({@code
 * offlineMember_getsTheLastMessagesOfAMemberRemovedMeanwhile}) or reaches it only after ({@code
 * offlineMember_getsTheMessagesOfANewcomerRemovedMeanwhile}).
 */
final class GroupLedger {
    private final List<Sent> sent = new ArrayList<>();

    /** A message: its sender, its (unique) text, the other members when it was sealed. */
    private record Sent(String from, String text, Set<String> recipients) {
        String line() {
            return from + ": " + text;
        }
    }

    /** Records a message sealed by {@code from} while the members were {@code members}. */
    void sent(String from, String text, Set<String> members) {
        assertThat(sent).noneMatch(s -> s.text().equals(text));
        Set<String> recipients = new TreeSet<>(members);
        recipients.remove(from);
        sent.add(new Sent(from, text, Set.copyOf(recipients)));
    }

    /** "sender: text" of every message {@code member} must show, in the order they were sent. */
    List<String> expectedBy(String member) {
        return sent.stream()
                .filter(s -> s.recipients().contains(member))
                .map(Sent::line)
                .toList();
    }

    /** The texts sent while {@code member} was neither among the recipients nor the sender. */
    List<String> notFor(String member) {
        return sent.stream()
                .filter(s -> !s.from().equals(member) && !s.recipients().contains(member))
                .map(Sent::text)
                .toList();
    }

    /** How many messages were sent so far. */
    int size() {
        return sent.size();
    }

    /** How many of the messages sent from the {@code since}th on were sealed without {@code member}. */
    int sentWithout(String member, int since) {
        return sent.subList(since, sent.size()).stream()
                .filter(s -> !s.from().equals(member) && !s.recipients().contains(member))
                .mapToInt(s -> 1)
                .sum();
    }

    /**
     * The invariant for {@code member}, whose shown messages ("sender: text", in the order shown)
     * are {@code shown}: each shown once (texts are unique, so a duplicate shows as an extra
     * element), only messages sent to it, all of them, and each sender's in the
     * order that sender sent them.
     */
    void check(SoftAssertions softly, String member, List<String> shown) {
        List<String> expected = expectedBy(member);
        softly.assertThat(shown)
                .as("%s shows each message at most once", member)
                .doesNotHaveDuplicates();
        softly.assertThat(expected)
                .as("%s shows only messages sent while it was a member", member)
                .containsAll(shown);
        softly.assertThat(shown)
                .as("%s shows every message sent while it was a member", member)
                .containsAll(expected);
        Set<String> shownSet = new HashSet<>(shown);
        softly.assertThat(bySender(shown))
                .as("%s shows each sender's messages in the order they were sent", member)
                .isEqualTo(bySender(expected.stream().filter(shownSet::contains).toList()));
    }

    private static Map<String, List<String>> bySender(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines) {
            String from = line.substring(0, line.indexOf(": "));
            out.computeIfAbsent(from, f -> new ArrayList<>()).add(line);
        }
        return new TreeMap<>(out);
    }
}
