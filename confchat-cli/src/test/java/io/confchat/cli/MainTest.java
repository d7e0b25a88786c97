package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine(new ConfigDefaults(Map.of(), new Properties()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void help_shouldListTheSupernodeCommand() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("confchat", "supernode");
    }

    @Test
    void help_shouldListEveryCommand_andWhereOptionsComeFrom() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString())
                .contains(
                        "node",
                        "listen",
                        "register",
                        "users",
                        "send",
                        "inbox",
                        "history",
                        "whoami",
                        "generate-completion")
                .contains("CONFCHAT_", "~/.confchat/config", "CONFCHAT_PASSWORD", "Exit codes");
    }

    @Test
    void everyCommand_shouldHaveHelp() {
        for (String command :
                new String[] {"node", "listen", "register", "users", "send", "inbox", "history", "whoami"}) {
            assertThat(run(command, "--help")).as(command).isZero();
        }
        assertThat(out.toString()).contains("--bootstrap", "--user", "--json", "<to>", "<text>", "<peer>");
    }

    @Test
    void supernodeHelp_shouldWarnThatDemoUsersAreForDemosOnly() {
        assertThat(run("supernode", "--help")).isZero();
        assertThat(out.toString()).contains("--demo-users", "'123'", "demos only");
    }

    @Test
    void aScriptableCommandWithoutBootstrap_shouldFailWithAClearMessage() {
        assertThat(run("users")).isEqualTo(CommandLine.ExitCode.SOFTWARE);
        assertThat(err.toString()).contains("--bootstrap").doesNotContain("Exception");
    }

    @Test
    void version_shouldPrintTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).contains("0.2.0-SNAPSHOT");
    }

    @Test
    void supernodeHelp_shouldDocumentEveryOption() {
        assertThat(run("supernode", "--help")).isZero();
        assertThat(out.toString())
                .contains("--port", "--host", "every interface", "--advertise", "--data-dir", "--bootstrap");
    }

    @Test
    void noCommand_shouldBeAUsageError() {
        assertThat(run()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing command");
    }

    @Test
    void supernode_shouldRejectAPortOutOfRange() {
        assertThat(run("supernode", "--port", "70000")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--port", "70000");
    }

    @Test
    void supernode_shouldRejectABootstrapAddressWithoutPort() {
        assertThat(run("supernode", "--bootstrap", "nonsense")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("--bootstrap", "nonsense", "host:port");
    }

    @Test
    void advertise_shouldRejectAnAddressWithoutPort_onEveryCommandThatStartsANode() {
        for (String command : new String[] {"supernode", "node", "whoami"}) {
            err.getBuffer().setLength(0);
            assertThat(run(command, "--advertise", "203.0.113.5")).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains("--advertise", "203.0.113.5", "host:port");
        }
    }
}
