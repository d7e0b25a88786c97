package io.confchat.bench.support;

import io.confchat.chat.ChatConfig;
import io.confchat.chat.internal.account.Accounts;
import io.confchat.chat.internal.account.NameResolver;
import io.confchat.chat.internal.account.PasswordPolicy;
import io.confchat.chat.internal.account.Resolution;
import io.confchat.chat.internal.directory.DirectoryReader;
import io.confchat.dht.KademliaNode;
import io.confchat.dht.internal.sim.SeededRandom;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Registrations through the chat layer's real path for the large simulation (docs/architecture.md,
 * the user directory): each user registers from a random node with {@code Accounts.register} (a
 * majority check of the name's replicas, the user record put over 3 disjoint paths, the name
 * listed in its prefix page and its everyone page), bcrypt at the lowest cost (4: the password
 * hash is the client's own CPU, not the network's). In stages, cumulatively (e.g. 10,000 then
 * 30,000 then 100,000 users), each stage reporting: registration success, requests and datagrams
 * per registration, name look-ups ({@code NameResolver}: the majority of the name's proven
 * replicas names the user), searches by the whole name ({@code DirectoryReader}: the name is in
 * its page), and per-node storage (bytes and records, mean and max).
 */
public final class Registrations {
    static final int BATCH = 50;
    private static final String PASSWORD = "a long enough password";
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private Registrations() {}

    /**
     * Registers users up to each size of {@code stages} (ascending) and measures {@code lookups}
     * look-ups and searches at each; adds {@code stage<U>.*} figures to {@code out}.
     */
    public static void run(
            SimulatedDht dht,
            List<Integer> stages,
            int lookups,
            Random random,
            Awaiter await,
            Map<String, Object> out) {
        SecureRandom keys = seeded(random.nextLong());
        Map<KademliaNode, Accounts> accounts = new HashMap<>();
        List<String> registered = new ArrayList<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (int stage : stages) {
            long datagrams0 = dht.network().datagramsSent();
            RequestCounter.Snapshot requests0 = dht.requests().snapshot();
            long cpu0 = ProcessCpu.nanos();
            long sim0 = dht.scheduler().nanoTime();
            int attempted = 0;
            int failed = 0;
            while (registered.size() + failed < stage) {
                List<String> names = new ArrayList<>();
                List<CompletableFuture<Void>> puts = new ArrayList<>();
                for (int i = 0; i < BATCH && registered.size() + failed + names.size() < stage; i++) {
                    String name = freshName(random, taken);
                    KademliaNode from =
                            dht.nodes().get(random.nextInt(dht.nodes().size()));
                    Accounts a = accounts.computeIfAbsent(
                            from,
                            n -> new Accounts(
                                    n, Runnable::run, keys, ChatConfig.MIN_BCRYPT_COST, new PasswordPolicy(false)));
                    names.add(name);
                    puts.add(a.register(name, PASSWORD));
                }
                for (int i = 0; i < puts.size(); i++) {
                    attempted++;
                    try {
                        await.await(puts.get(i));
                        registered.add(names.get(i));
                    } catch (CompletionException | AssertionError e) {
                        failed++;
                    }
                }
                if (attempted % 5_000 < BATCH) {
                    System.err.printf(Locale.ROOT, "registered %d (%d failed)%n", registered.size(), failed);
                }
            }
            Map<String, Object> s = new LinkedHashMap<>();
            RequestCounter.Snapshot req = dht.requests().snapshot().minus(requests0);
            s.put("registrations", attempted);
            s.put("registrationSuccessRate", (double) (attempted - failed) / attempted);
            s.put("requestsPerRegistration", (double) req.total() / attempted);
            s.put("storesPerRegistration", (double) req.of(RequestCounter.Kind.STORE) / attempted);
            s.put("datagramsPerRegistration", (double) (dht.network().datagramsSent() - datagrams0) / attempted);
            s.put("cpuMillisPerRegistration", (ProcessCpu.nanos() - cpu0) / 1e6 / attempted);
            s.put("simulatedSeconds", (dht.scheduler().nanoTime() - sim0) / 1e9);
            lookUps(dht, registered, lookups, random, await, s);
            storage(dht, s);
            s.forEach((k, v) -> out.put("users" + stage + "." + k, v));
            s.forEach((k, v) ->
                    System.err.printf(Locale.ROOT, "users%d.%s %s%n", stage, k, v)); // a long run shows each stage
        }
    }

    private static void lookUps(
            SimulatedDht dht,
            List<String> registered,
            int lookups,
            Random random,
            Awaiter await,
            Map<String, Object> s) {
        int resolved = 0;
        int searched = 0;
        RequestCounter.Snapshot r0 = dht.requests().snapshot();
        for (int i = 0; i < lookups; i++) {
            String name = registered.get(random.nextInt(registered.size()));
            KademliaNode from = dht.nodes().get(random.nextInt(dht.nodes().size()));
            try {
                Resolution r = await.await(new NameResolver(from, from.scheduler()).resolve(name));
                if (r.owner().filter(o -> o.username().equals(name)).isPresent() && !r.isContested()) {
                    resolved++;
                }
            } catch (CompletionException | AssertionError e) {
                // a failed look-up
            }
        }
        RequestCounter.Snapshot r1 = dht.requests().snapshot();
        for (int i = 0; i < lookups; i++) {
            String name = registered.get(random.nextInt(registered.size()));
            KademliaNode from = dht.nodes().get(random.nextInt(dht.nodes().size()));
            try {
                if (await.await(new DirectoryReader(from).search(name, 1))
                        .names()
                        .contains(name)) {
                    searched++;
                }
            } catch (CompletionException | AssertionError e) {
                // a failed search
            }
        }
        RequestCounter.Snapshot r2 = dht.requests().snapshot();
        s.put("nameLookups", lookups);
        s.put("nameLookupSuccessRate", (double) resolved / lookups);
        s.put("requestsPerNameLookup", (double) r1.minus(r0).total() / lookups);
        s.put("searchByNameSuccessRate", (double) searched / lookups);
        s.put("requestsPerSearch", (double) r2.minus(r1).total() / lookups);
    }

    private static void storage(SimulatedDht dht, Map<String, Object> s) {
        long[] bytes = dht.nodes().stream()
                .mapToLong(KademliaNode::storedBytes)
                .sorted()
                .toArray();
        int[] records = dht.nodes().stream()
                .mapToInt(KademliaNode::storedRecordCount)
                .sorted()
                .toArray();
        s.put("storedBytesPerNodeMean", java.util.Arrays.stream(bytes).average().orElse(0));
        s.put("storedBytesPerNodeP99", bytes[Math.min(bytes.length - 1, (int) (0.99 * bytes.length))]);
        s.put("storedBytesPerNodeMax", bytes[bytes.length - 1]);
        s.put(
                "storedRecordsPerNodeMean",
                java.util.Arrays.stream(records).average().orElse(0));
        s.put("storedRecordsPerNodeMax", records[records.length - 1]);
    }

    /** A random 8-character name of [a-z0-9], not used before: prefixes spread as names do. */
    private static String freshName(Random random, java.util.Set<String> taken) {
        while (true) {
            StringBuilder b = new StringBuilder(8);
            for (int i = 0; i < 8; i++) {
                b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (taken.add(b.toString())) {
                return b.toString();
            }
        }
    }

    private static SecureRandom seeded(long seed) {
        return SeededRandom.of(seed);
    }
}
