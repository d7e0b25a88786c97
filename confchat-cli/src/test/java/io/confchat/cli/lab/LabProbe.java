package io.confchat.cli.lab;

import io.confchat.cli.SupernodeProcess;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny network probe the lab runs on its hosts (the lab needs no ping or netcat installed):
 *
 * <pre>
 * echo &lt;port&gt;                     answers every UDP datagram with "ip:port" of its sender (for 10 min)
 * ask &lt;ip&gt; &lt;port&gt; &lt;local port&gt;   sends one datagram from &lt;local port&gt;, prints the answer; exit 1 if none in 2 s
 * reach &lt;ip&gt;                      ICMP echo (as root): exit 0 and "reachable" if it answers within 2 s
 * </pre>
 */
public final class LabProbe {
    private static final int WAIT_MILLIS = 2000;
    private static final long ECHO_LIFETIME_MILLIS = 10 * 60 * 1000;

    private LabProbe() {}

    /** The command line that runs the probe with {@code args} (wrap it to run on a lab host). */
    public static List<String> command(String... args) {
        String classes = Path.of(LabProbe.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath())
                .toString();
        List<String> command =
                new ArrayList<>(List.of(SupernodeProcess.java(), "-Xmx32m", "-cp", classes, LabProbe.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "echo" -> echo(Integer.parseInt(args[1]));
            case "ask" -> System.exit(ask(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3])));
            case "reach" -> System.exit(reach(args[1]));
            default -> throw new IllegalArgumentException("unknown probe " + args[0]);
        }
    }

    private static void echo(int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(port)) {
            System.out.println("ready");
            System.out.flush();
            long end = System.currentTimeMillis() + ECHO_LIFETIME_MILLIS;
            socket.setSoTimeout(WAIT_MILLIS);
            while (System.currentTimeMillis() < end) {
                DatagramPacket in = new DatagramPacket(new byte[64], 64);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                byte[] seen =
                        (in.getAddress().getHostAddress() + ":" + in.getPort()).getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(seen, seen.length, in.getSocketAddress()));
            }
        }
    }

    private static int ask(String ip, int port, int localPort) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(localPort)) {
            socket.setSoTimeout(WAIT_MILLIS);
            byte[] question = {'?'};
            socket.send(new DatagramPacket(question, 1, new InetSocketAddress(InetAddress.getByName(ip), port)));
            DatagramPacket answer = new DatagramPacket(new byte[64], 64);
            socket.receive(answer);
            System.out.println(new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII));
            return 0;
        } catch (SocketTimeoutException e) {
            System.out.println("no answer");
            return 1;
        }
    }

    private static int reach(String ip) throws IOException {
        boolean reachable = InetAddress.getByName(ip).isReachable(WAIT_MILLIS);
        System.out.println(reachable ? "reachable" : "unreachable");
        return reachable ? 0 : 1;
    }
}
