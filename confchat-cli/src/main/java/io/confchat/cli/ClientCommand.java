package io.confchat.cli;

import io.confchat.api.ConfChatException;
import io.confchat.api.chat.ChatClient;
import io.confchat.chat.ChatConfig;
import io.confchat.chat.ConfChat;
import io.confchat.dht.KademliaNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A non-interactive command: starts a node, joins the network, does one thing, stops. Prints
 * results on stdout (one JSON value with {@code --json}) and failures as one line on stderr.
 * Exit codes: 0 done, 1 failed (e.g. wrong password, unknown user, no network), 2 usage error.
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
        PrintWriter err = spec.commandLine().getErr();
        try {
            prepare();
            KademliaNode node = Clients.join(network);
            try (ChatClient client = ConfChat.clientOn(node, chatConfig())) {
                this.node = node;
                run(client, spec.commandLine().getOut());
            }
            return ExitCode.OK;
        } catch (CliFailure | ConfChatException e) {
            err.println("confchat " + spec.name() + ": " + Failures.describe(e));
            return ExitCode.SOFTWARE;
        }
    }

    /** Work before the node starts, e.g. asking for a password. */
    void prepare() {}

    ChatConfig chatConfig() {
        return ChatConfig.defaults();
    }

    abstract void run(ChatClient client, PrintWriter out);
}
