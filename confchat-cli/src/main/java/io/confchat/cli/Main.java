package io.confchat.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code confchat} command. Exits with 0 on success, 1 when a command fails,
 * and 2 on a usage error (picocli's {@link CommandLine.ExitCode}).
 *
 * <p>Options not given on the command line come from {@code CONFCHAT_*} environment variables,
 * then {@code ~/.confchat/config} ({@link ConfigDefaults}). Logging is quiet: warnings go to
 * {@code confchat.log} in the data directory (or {@code ~/.confchat}); {@code -v} adds debug
 * output on stderr.
 */
@Command(
        name = "confchat",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "conf-chat: peer-to-peer chat on a signed Kademlia DHT, end-to-end encrypted.",
            "",
            "Options can also come from CONFCHAT_<OPTION> variables (e.g. CONFCHAT_BOOTSTRAP)",
            "or <option>=<value> lines in ~/.confchat/config, in that order after the flags.",
            "The password of the scriptable commands comes from CONFCHAT_PASSWORD or a prompt.",
            "Exit codes: 0 done, 1 failed, 2 usage error."
        },
        subcommands = {
            SupernodeCommand.class,
            NodeCommand.class,
            ListenCommand.class,
            RegisterCommand.class,
            UsersCommand.class,
            SendCommand.class,
            InboxCommand.class,
            HistoryCommand.class,
            GroupCommand.class,
            WhoamiCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class Main implements Runnable {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-v", "--verbose"},
            scope = ScopeType.INHERIT,
            description = "Print debug logs on stderr (otherwise only warnings, to confchat.log).")
    boolean verbose;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        configureLogging(Arrays.asList(args));
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests execute it without exiting the JVM. */
    static CommandLine commandLine() {
        return commandLine(ConfigDefaults.load());
    }

    /** The command line with the given source of defaults (tests pass an empty one). */
    static CommandLine commandLine(ConfigDefaults defaults) {
        return new CommandLine(new Main()).setDefaultValueProvider(defaults);
    }

    /**
     * Sets the properties logback.xml reads, before the first logger exists: the log file (in
     * the data directory, else ~/.confchat) and whether debug output goes to stderr.
     */
    static void configureLogging(List<String> args) {
        boolean verbose = args.contains("-v") || args.contains("--verbose");
        int dataDir = args.indexOf("--data-dir");
        String dir = dataDir >= 0 && dataDir + 1 < args.size()
                ? args.get(dataDir + 1)
                : System.getenv(ConfigDefaults.environmentVariable("data-dir"));
        Path logDir = dir != null ? Path.of(dir) : ConfigDefaults.home().resolve(".confchat");
        System.setProperty("confchat.log.file", logDir.resolve("confchat.log").toString());
        System.setProperty("confchat.log.level", verbose ? "DEBUG" : "WARN");
        System.setProperty("confchat.log.stderr", verbose ? "DEBUG" : "OFF");
    }

    @Override
    public void run() {
        throw new ParameterException(
                spec.commandLine(), "Missing command, e.g. 'confchat supernode' or 'confchat node'");
    }
}
