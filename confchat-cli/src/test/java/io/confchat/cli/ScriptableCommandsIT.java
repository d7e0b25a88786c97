package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The non-interactive commands as real processes against a supernode: output, JSON and exit codes. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ScriptableCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path home;

    private SupernodeProcess supernode;
    private String seed;

    @BeforeEach
    void startSupernode() throws Exception {
        supernode = SupernodeProcess.start(home, "supernode", "--host", "127.0.0.1", "--port", "0");
        seed = supernode.awaitEndpoints(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        supernode.close();
    }

    @Test
    void registerSendInboxHistoryUsersWhoami_workFromSeparateProcesses() throws Exception {
        assertThat(run("pw-of-erin-1", "register", "-u", "erin")).containsExactly("registered erin");
        assertThat(run("pw-of-finn-1", "register", "-u", "finn", "--json"))
                .containsExactly("{\"registered\":\"finn\"}");

        assertThat(run("pw-of-erin-1", "whoami", "-u", "erin").get(0))
                .as("the supernode dialed it back: reachable")
                .matches("erin \\(on node 127\\.0\\.0\\.1:\\d+; reachable: yes\\)");
        assertThat(run("pw-of-erin-1", "whoami", "-u", "erin", "--json").get(0))
                .as("a node bound to loopback advertises its loopback address, and only that")
                .matches(
                        "\\{\"username\":\"erin\",\"node\":\"127\\.0\\.0\\.1:(\\d+)\",\"endpoints\":\\[\"127\\.0\\.0\\.1:\\1\"],"
                                + "\"relays\":\\[],\"reachable\":\"yes\"}");
        assertThat(run("", "users")).containsExactly("erin offline", "finn offline");
        assertThat(run("pw-of-erin-1", "send", "-u", "erin", "finn", "see you at 5"))
                .containsExactly("finn is offline: the message waits in their inbox");

        String inbox = run("pw-of-finn-1", "inbox", "-u", "finn", "--json").get(0);
        assertThat(inbox).contains("\"from\":\"erin\"", "\"text\":\"see you at 5\"", "\"viaInbox\":true");
        assertThat(run("pw-of-finn-1", "inbox", "-u", "finn"))
                .as("acknowledged: gone")
                .isEmpty();
        assertThat(run("pw-of-finn-1", "history", "-u", "finn", "erin").get(0)).endsWith("erin: see you at 5");
    }

    @Test
    void failures_exitWithOne_andSayWhatIsWrong() throws Exception {
        run("pw-of-gina-1", "register", "-u", "gina");

        SupernodeProcess wrong = command("not her password", "whoami", "-u", "gina");
        assertThat(wrong.awaitExit(WAIT)).isEqualTo(1);
        assertThat(wrong.stderr()).contains("wrong username or password").doesNotContain("Exception");

        SupernodeProcess taken = command("another password", "register", "-u", "gina");
        assertThat(taken.awaitExit(WAIT)).isEqualTo(1);
        assertThat(taken.stderr()).contains("taken");

        SupernodeProcess unknown = command("pw-of-gina-1", "send", "-u", "gina", "nobody", "hi");
        assertThat(unknown.awaitExit(WAIT)).isEqualTo(1);
        assertThat(unknown.stderr()).contains("there is no user named 'nobody'");

        SupernodeProcess usage = command("", "send", "-u", "gina");
        assertThat(usage.awaitExit(WAIT)).isEqualTo(2);
        assertThat(usage.stderr()).contains("Missing required parameter");
    }

    private List<String> run(String password, String... args) throws Exception {
        SupernodeProcess p = command(password, args);
        int exit = p.awaitExit(WAIT);
        assertThat(exit).as("exit of %s; stderr: %s", List.of(args), p.stderr()).isZero();
        return p.remainingStdout();
    }

    private SupernodeProcess command(String password, String... args) throws Exception {
        return SupernodeProcess.start(
                home,
                Map.of("CONFCHAT_PASSWORD", password, "CONFCHAT_BOOTSTRAP", seed, "CONFCHAT_HOST", "127.0.0.1"),
                args);
    }
}
