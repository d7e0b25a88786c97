package io.confchat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code confchat} command. Exits with 0 on success, 1 when a command fails,
 * and 2 on a usage error (picocli's {@link CommandLine.ExitCode}).
 */
@Command(
        name = "confchat",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "conf-chat: peer-to-peer chat on a signed Kademlia DHT.",
        subcommands = {SupernodeCommand.class})
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it without exiting the JVM. */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command, e.g. 'confchat supernode'");
    }
}
