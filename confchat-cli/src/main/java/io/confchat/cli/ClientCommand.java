package io.confchat.cli;

import io.confchat.api.ConfChatException;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A non-interactive command. When a {@code listen} or {@code node} of the user runs with the
 * same data directory, the command asks it through the control socket ({@link ControlClient});
 * otherwise it starts a node, joins the network, does one thing and stops. Either way the result
 * is the same JSON value ({@link Results}), printed as text or, with {@code --json}, as it is,
 * through {@link Output}; failures are one line on stderr. Exit codes: 0 done, 1 failed (e.g.
 * wrong password, unknown user, no network), 2 usage error.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NetworkOptions network;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    /** The node under the client while {@link #run} runs, for what only the node knows (its endpoints). */
    KademliaNode node;

    @Override
    public final Integer call() {
        Output out = new Output(spec.commandLine().getOut());
        Output err = new Output(spec.commandLine().getErr());
        try {
            Optional<Object> answered = controlUser()
                    .flatMap(user -> ControlClient.request(
                            network.stateDirectory(),
                            user,
                            spec.name(),
                            controlArguments(),
                            warning -> err.line("confchat " + spec.name() + ": " + warning)));
            if (answered.isPresent()) {
                print(answered.get(), out);
                return ExitCode.OK;
            }
            prepare();
            KademliaNode node = Clients.join(network);
            try (ChatClient client = ConfChat.clientOn(node, chatConfig())) {
                this.node = node;
                print(run(client), out);
            }
            return ExitCode.OK;
        } catch (CliFailure | ConfChatException e) {
            err.line("confchat " + spec.name() + ": " + Failures.describe(e));
            return ExitCode.SOFTWARE;
        }
    }

    /**
     * The user whose running node may answer this command instead ({@link ControlProtocol});
     * empty for commands that must run here.
     */
    Optional<String> controlUser() {
        return Optional.empty();
    }

    /** The request's fields besides {@code v}, {@code user} and {@code op} (the command's name). */
    Map<String, Object> controlArguments() {
        return Map.of();
    }

    /** Work before the node starts, e.g. asking for a password. */
    void prepare() {}

    ChatConfig chatConfig() {
        return ChatConfig.defaults();
    }

    /** Does the work on a fresh client; returns the result as a JSON value. */
    abstract Object run(ChatClient client);

    /** Prints a result of {@link #run} or of the running node: as JSON with {@code --json}, else as text. */
    void print(Object result, Output out) {
        if (json) {
            out.line(Json.write(result));
        } else {
            printText(result, out);
        }
    }

    abstract void printText(Object result, Output out);
}
