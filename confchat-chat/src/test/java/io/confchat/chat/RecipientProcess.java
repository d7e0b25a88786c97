package io.confchat.chat;

import io.confchat.api.chat.ChatClient;
import io.confchat.api.chat.ChatListener;
import io.confchat.api.chat.ChatMessage;
import io.confchat.dht.KademliaNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A chat client in a process of its own, for {@link CrashRecoveryIT}: joins through {@code
 * seed}, logs in with a data directory, prints {@code SHOWN <from> <text>} for every message it
 * shows and {@code READY} once logged in; on stdin, {@code quit} logs out and exits. History is
 * saved only at login and logout (an hour's flush interval), so a kill leaves shown messages
 * unsaved.
 *
 * <p>Arguments: {@code <seed host:port> <data directory> <username> <password>}.
 */
public final class RecipientProcess {
    private RecipientProcess() {}

    public static void main(String[] args) throws Exception {
        String[] seed = args[0].split(":");
        ChatConfig config = ChatConfig.builder()
                .bcryptCost(4)
                .presence(Duration.ofSeconds(3), Duration.ofSeconds(1))
                .inboxPollInterval(Duration.ofSeconds(1))
                .historySaveInterval(Duration.ofHours(1))
                .historyFlushInterval(Duration.ofHours(1))
                .dataDirectory(Path.of(args[1]))
                .build();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ChatClient client = ConfChat.builder()
                .node(KademliaNode.builder().host("127.0.0.1").port(0))
                .bootstrap(new InetSocketAddress(seed[0], Integer.parseInt(seed[1])))
                .config(config)
                .start()
                .get(30, TimeUnit.SECONDS);
        client.addListener(new ChatListener() {
            @Override
            public void onMessage(ChatMessage m) {
                out.println("SHOWN " + m.from() + " " + m.text());
            }
        });
        client.login(args[2], args[3]).get(30, TimeUnit.SECONDS);
        out.println("READY");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("quit")) {
                break;
            }
        }
        client.logout().get(30, TimeUnit.SECONDS);
        client.close();
        out.println("BYE");
        System.exit(0);
    }
}
