package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.GroupDelivery;
import io.confchat.api.chat.GroupId;
import io.confchat.api.chat.GroupInfo;
import io.confchat.chat.internal.group.GroupProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The group invariant on the simulated network with manual time, for groups of 3 to 100. While
 * messages are in flight, a newcomer is invited and joins, a member leaves and a member is removed;
 * some members are logged out meanwhile and log in later, and one member's device crashes and its
 * client restarts from what the device kept. The invariant, checked for everyone who was ever in
 * the group: each member the sender's membership named when the message was sealed shows it
 * exactly once, in the sender's order, live or at its next login, and nobody else shows it. The
 * removed and the leaving member fetch, with their own DHT nodes, every message stored on the
 * chains the remaining members read, and open none sent without them.
 */
class GroupMembershipSimTest {
    private static final String PASSWORD = "a long enough password";
    /** Members who send in each round (all of them in small groups). */
    private static final int SENDERS = 6;
    /** Members whose messages are in flight while each membership change is made. */
    private static final int IN_FLIGHT = 3;

    private final ChatSim sim = new ChatSim(20261130L, 6);
    private final GroupUsers users = new GroupUsers(sim);
    private final Map<String, ChatClient> clients = users.clients;
    private final GroupLedger ledger = new GroupLedger();
    /** The test's own account of who is a member; every member's view must agree with it. */
    private final Set<String> members = new TreeSet<>();
    /** Members logged out or whose device is down. */
    private final Set<String> down = new TreeSet<>();
    /** The kept state of the leaving and the removed member just before they went. */
    private final Map<String, byte[]> keysWhenGone = new java.util.HashMap<>();
    /** How many messages were sent before each leaving or removed member went. */
    private final Map<String, Integer> sentBeforeGoing = new java.util.HashMap<>();

    private GroupId id;
    private int sequence;

    @AfterEach
    void stop() {
        sim.close();
    }

    /**
     * The group sizes run: 3 and 10 in every build; {@code -Dconfchat.groupSizes=50,100} runs the
     * large groups (each member is a full client with a DHT node of its own); see README.md
     * "Development" for the time and memory they take.
     */
    static IntStream sizes() {
        return java.util.Arrays.stream(
                        System.getProperty("confchat.groupSizes", "3,10").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim()));
    }

    @ParameterizedTest
    @MethodSource("sizes")
    void everyMemberGetsEveryMessageOfItsTime_once_inOrder(int size) {
        List<String> names = IntStream.range(0, size - 1) // the newcomer joins later: at most size members
                .mapToObj(i -> String.format("user%03d", i))
                .toList();
        String admin = names.get(0);
        String newcomer = "newcomer";
        // in a group of 3 the newcomer is removed again; larger ones lose two of the first members
        String removed = size > 3 ? names.get(names.size() - 1) : newcomer;
        String leaver = size > 3 ? names.get(names.size() - 2) : null;
        String crashed = names.get(1);
        List<String> offline = new ArrayList<>();
        for (int i = 2; i < names.size(); i += 4) {
            if (!names.get(i).equals(leaver) && !names.get(i).equals(removed)) {
                offline.add(names.get(i));
            }
        }

        HeapReport.phase("start, " + size + " members");
        createAndJoin(names);
        HeapReport.phase("after joins, " + size + " members");
        round("first");

        // some log out; one device crashes right after its message went out
        for (String n : offline) {
            sim.await(clients.get(n).logout());
            down.add(n);
        }
        sim.await(send(crashed, "before the crash"));
        sim.crash(clients.get(crashed));
        down.add(crashed);

        changesWhileMessagesFlow(admin, newcomer, leaver, removed);
        HeapReport.phase("after the changes, " + size + " members");
        round("second");

        restart(crashed);
        for (String n : offline) {
            sim.await(clients.get(n).login(n, PASSWORD));
        }
        down.clear();
        sim.advance(Duration.ofSeconds(5));
        round("third");
        sim.advance(Duration.ofSeconds(5));
        HeapReport.phase("after the logins, " + size + " members");

        SoftAssertions everyone = new SoftAssertions();
        for (String n : clients.keySet()) {
            if (members.contains(n)) {
                everyone.assertThat(view(n)).as("%s's membership", n).isEqualTo(members);
            }
            ledger.check(everyone, n, users.events.get(n).shown());
        }
        everyone.assertAll();
        assertThat(ledger.expectedBy(newcomer)).noneMatch(t -> t.contains("first "));
        cannotOpenWhatFollowed(removed, admin);
        if (leaver != null) {
            cannotOpenWhatFollowed(leaver, admin);
        }
    }

    private void createAndJoin(List<String> names) {
        names.forEach(users::add);
        String admin = names.get(0);
        id = sim.await(clients.get(admin).createGroup("g" + names.size(), names.subList(1, names.size())))
                .id();
        members.add(admin);
        sim.advance(Duration.ofSeconds(2));
        for (String n : names.subList(1, names.size())) {
            assertThat(users.events.get(n).invitations).as(n).hasSize(1);
            sim.await(clients.get(n).joinGroup(id));
            members.add(n);
        }
        sim.advance(Duration.ofSeconds(2));
    }

    /**
     * Each change is made while messages sealed just before it are still on their way: the
     * newcomer's invitation and join, a member leaving, the admin removing a member.
     */
    private void changesWhileMessagesFlow(String admin, String newcomer, String leaver, String removed) {
        List<CompletableFuture<GroupDelivery>> inFlight = new ArrayList<>(sendSome("before the join"));
        users.add(newcomer);
        sim.await(clients.get(admin).invite(id, newcomer));
        advanceUntil(() -> !users.events.get(newcomer).invitations.isEmpty());
        sim.await(clients.get(newcomer).joinGroup(id));
        members.add(newcomer);
        inFlight.addAll(sendSome("after the join"));
        if (leaver != null) {
            going(leaver);
            keysWhenGone.put(leaver, users.kept(leaver));
            sim.await(clients.get(leaver).leaveGroup(id));
            members.remove(leaver);
            inFlight.addAll(sendSome("after the leave"));
        }
        going(removed);
        keysWhenGone.put(removed, users.kept(removed));
        sim.await(clients.get(admin).removeFromGroup(id, removed));
        members.remove(removed);
        inFlight.addAll(sendSome("after the removal"));
        inFlight.forEach(sim::await);
        sim.advance(Duration.ofSeconds(2));
    }

    /** The first {@link #IN_FLIGHT} members online (as their own views say) send, not awaited. */
    private List<CompletableFuture<GroupDelivery>> sendSome(String label) {
        return online().stream().limit(IN_FLIGHT).map(n -> send(n, label)).toList();
    }

    /** The first {@link #SENDERS} members online send one message each, one after the other. */
    private void round(String label) {
        for (String n : online().stream().limit(SENDERS).toList()) {
            sim.await(send(n, label));
        }
        sim.advance(Duration.ofSeconds(2));
    }

    /** {@code who} sends a message; the ledger records its membership at that moment. */
    private CompletableFuture<GroupDelivery> send(String who, String label) {
        String text = label + " from " + who + " #" + sequence++;
        ledger.sent(who, text, view(who));
        return clients.get(who).sendToGroup(id, text);
    }

    /** {@code member} is about to leave or be removed (what it was sent before must reach it). */
    private void going(String member) {
        sentBeforeGoing.put(member, ledger.size());
    }

    /** The members (by the test's account) who are logged in now. */
    private List<String> online() {
        return members.stream().filter(n -> !down.contains(n)).toList();
    }

    private Set<String> view(String who) {
        GroupInfo info = sim.await(clients.get(who).group(id));
        Set<String> out = new TreeSet<>();
        info.members().forEach(m -> out.add(m.username()));
        return out;
    }

    /** A new client on the crashed device logs in; the same recorder sees its events. */
    private void restart(String name) {
        ChatClient restarted = sim.client(users.devices.get(name), ChatSim.CONFIG);
        restarted.addListener(users.events.get(name));
        clients.put(name, restarted);
        sim.await(restarted.login(name, PASSWORD));
    }

    /**
     * {@code gone} fetches with its own DHT node every message stored on the chains it read and on
     * the chains the admin and another remaining member read (which cover every remaining member's
     * chain, the admin's too): with the keys it held when it went, it opens only messages sent
     * while it was a member, and every message sent without it is among the bytes it fetched.
     */
    private void cannotOpenWhatFollowed(String gone, String admin) {
        String other =
                members.stream().filter(n -> !n.equals(admin)).findFirst().orElseThrow();
        byte[] keys = keysWhenGone.get(gone);
        Set<String> ownChains = GroupProbe.chainIds(keys, users.key(gone));
        List<byte[]> fetched = new ArrayList<>();
        int onChainsItNeverHeld = 0;
        Map<String, List<byte[]>> all = new java.util.HashMap<>();
        for (String reader : List.of(admin, other, gone)) {
            byte[] state = reader.equals(gone) ? keys : users.kept(reader);
            all.putAll(
                    sim.await(GroupProbe.storedByChain(Internals.node(clients.get(gone)), state, users.key(reader))));
        }
        for (Map.Entry<String, List<byte[]>> chain : all.entrySet()) {
            fetched.addAll(chain.getValue());
            if (!ownChains.contains(chain.getKey())) {
                onChainsItNeverHeld += chain.getValue().size();
            }
        }
        List<String> opened = GroupProbe.openedTexts(keys, users.key(gone), fetched);
        assertThat(opened)
                .as("what %s opens of %d messages fetched", gone, fetched.size())
                .doesNotContainAnyElementsOf(ledger.notFor(gone));
        assertThat(onChainsItNeverHeld)
                .as("%s fetched the bytes of every message sent without it, on chains it never held", gone)
                .isGreaterThanOrEqualTo(ledger.sentWithout(gone, sentBeforeGoing.get(gone)));
    }

    private void advanceUntil(BooleanSupplier done) {
        for (int i = 0; i < 100 && !done.getAsBoolean(); i++) {
            sim.advance(Duration.ofMillis(100));
        }
        assertThat(done.getAsBoolean()).as("within 10 s of simulated time").isTrue();
    }
}
