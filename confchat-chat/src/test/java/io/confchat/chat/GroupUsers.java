package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.chat.internal.device.DeviceStates;
import io.confchat.chat.internal.group.GroupIntake;
import io.confchat.chat.internal.group.GroupProbe;
import io.confchat.dht.crypto.Ed25519KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users of a group sim on one {@link ChatSim}: each a logged-in client with its in-memory
 * device and a {@link GroupRecorder} of its group events, and the internals the security tests
 * reach (identity key, kept group state, the group intake).
 */
final class GroupUsers {
    private static final String PASSWORD = "a long enough password";

    final Map<String, ChatClient> clients = new LinkedHashMap<>();
    final Map<String, DeviceStates> devices = new LinkedHashMap<>();
    final Map<String, GroupRecorder> events = new LinkedHashMap<>();
    private final ChatSim sim;

    GroupUsers(ChatSim sim) {
        this.sim = sim;
    }

    /** Registers and logs in {@code name} on a device of its own, recording its group events. */
    void add(String name) {
        DeviceStates device = ChatSim.device();
        ChatClient c = sim.client(device, ChatSim.CONFIG);
        sim.await(c.register(name, PASSWORD));
        sim.await(c.login(name, PASSWORD));
        GroupRecorder r = new GroupRecorder();
        c.addListener(r);
        clients.put(name, c);
        devices.put(name, device);
        events.put(name, r);
    }

    /**
     * {@code members.get(0)} creates a group "crew" with the others (each added first unless it
     * was), who all join; the group's id.
     */
    io.confchat.api.chat.GroupId group(java.util.List<String> members) {
        for (String n : members) {
            if (!clients.containsKey(n)) {
                add(n);
            }
        }
        java.util.List<String> others = members.subList(1, members.size());
        io.confchat.api.chat.GroupId id = sim.await(clients.get(members.get(0)).createGroup("crew", others))
                .id();
        sim.advance(java.time.Duration.ofSeconds(2));
        for (String n : others) {
            sim.await(clients.get(n).joinGroup(id));
        }
        sim.advance(java.time.Duration.ofSeconds(2));
        return id;
    }

    /**
     * {@link #group} of {@code members}, then each says "hello from NAME" in turn (3 s apart), so
     * every member holds every other's chain and has read from it; the group's id.
     */
    io.confchat.api.chat.GroupId groupThatSaidHello(java.util.List<String> members) {
        io.confchat.api.chat.GroupId id = group(members);
        for (String n : members) {
            sim.await(clients.get(n).sendToGroup(id, "hello from " + n));
            sim.advance(java.time.Duration.ofSeconds(3));
        }
        return id;
    }

    Ed25519KeyPair identity(String name) {
        return Internals.account(clients.get(name)).identity();
    }

    byte[] key(String name) {
        return identity(name).publicKey();
    }

    GroupIntake intake(String name) {
        return Internals.login(clients.get(name)).groups().chat().intake();
    }

    /** The one group state {@code name}'s device keeps, with its chain positions applied. */
    byte[] kept(String name) {
        return GroupProbe.only(
                devices.get(name).of(name, Internals.account(clients.get(name)).storageKey()), key(name));
    }
}
