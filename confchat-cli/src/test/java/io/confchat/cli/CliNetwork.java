package io.confchat.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The network of one CLI test: a supernode with the demo users on loopback, and every CLI process
 * the test starts (terminals and commands, each with its own home under the test's directory),
 * all stopped at {@link #close()}.
 */
final class CliNetwork implements AutoCloseable {
    static final Duration START = Duration.ofSeconds(60);
    static final Duration STEP = Duration.ofSeconds(30);

    private final Path home;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final String seed;

    private CliNetwork(Path home, SupernodeProcess supernode) throws InterruptedException {
        this.home = home;
        running.add(supernode);
        this.seed = supernode.awaitEndpoints(START);
    }

    /** Starts the supernode (alice, bob, carol, dave and eve, password 123) in {@code home}. */
    static CliNetwork start(Path home) throws Exception {
        return new CliNetwork(
                home, SupernodeProcess.start(home, "supernode", "--host", "127.0.0.1", "--port", "0", "--demo-users"));
    }

    /** The supernode's address. */
    String seed() {
        return seed;
    }

    /** The home directory of {@code name}'s processes. */
    Path home(String name) throws Exception {
        return Files.createDirectories(home.resolve(name));
    }

    /** {@code confchat node} in a terminal, with {@code name}'s home. */
    PtySession node(String name) throws Exception {
        return track(PtySession.start(name, home(name), "node", "--host", "127.0.0.1", "--bootstrap", seed));
    }

    /** {@code confchat <args>} with {@code name}'s home and only the given environment. */
    SupernodeProcess command(String name, Map<String, String> environment, String... args) throws Exception {
        return track(SupernodeProcess.start(home(name), environment, args));
    }

    /** What a command needs to log in and join without the running node: password, bootstrap, loopback. */
    Map<String, String> loginEnvironment(String password) {
        return Map.of("CONFCHAT_PASSWORD", password, "CONFCHAT_BOOTSTRAP", seed, "CONFCHAT_HOST", "127.0.0.1");
    }

    <T extends AutoCloseable> T track(T process) {
        running.add(process);
        return process;
    }

    /** Logs in at the first screen and waits for the user list. */
    static void logIn(PtySession session, String user, String password) throws Exception {
        session.expect("log in or register?", START);
        session.type("l").type(user).type(password);
        session.expect("logged in as " + user, STEP).expect("chat with (username", STEP);
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : running) {
            c.close();
        }
    }
}
