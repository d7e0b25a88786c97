package io.confchat.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control socket's protocol: how one-shot commands ({@code send}, {@code inbox}, {@code
 * history}, {@code users}, {@code group}) use a running {@code listen} or {@code node} of the same user instead
 * of starting a node, joining and logging in (seconds of work, bcrypt included).
 *
 * <p>A Unix-domain stream socket at {@code <data dir>/control/<user>.sock} ({@link
 * ControlSockets}: directory 0700, socket 0600, and the server accepts only processes of its own
 * user, checked with {@code SO_PEERCRED}). One request per connection, each way one line of JSON
 * ({@link Json}) in UTF-8 ending with {@code \n}, at most {@link #MAX_LINE_BYTES} bytes:
 *
 * <pre>
 * client -> server   {"v":1,"user":"alice","op":"send","to":"bob","text":"see you at 5"}
 *                    {"v":1,"user":"alice","op":"inbox"}
 *                    {"v":1,"user":"alice","op":"history","peer":"bob"}
 *                    {"v":1,"user":"alice","op":"users"}
 *                    {"v":1,"user":"alice","op":"group","action":"send","words":["#friends","hi all"]}
 * server -> client   {"v":1,"ok":true,"result":...}   send: {"to","id","state":"queued"|"delivered"}
 *                                                   inbox, history: [message...] (Messages#json)
 *                                                   users: [{"username","status"}...]
 *                                                   group: the action's value (GroupAction)
 *                    {"v":1,"ok":false,"error":"there is no user named 'zed'"}
 * </pre>
 *
 * {@code inbox} answers the messages the running node received since the last {@code inbox}
 * (at most {@link RecentInbox#CAPACITY}). A request for another user than the one logged in, an
 * unknown {@code op} or version, or a malformed line is answered with an error; the server then
 * closes the connection. A request gets {@link #REQUEST_TIMEOUT_SECONDS} seconds.
 */
final class ControlProtocol {
    static final int VERSION = 1;
    static final int MAX_LINE_BYTES = 4 * JsonReader.MAX_CHARS;
    static final int REQUEST_TIMEOUT_SECONDS = 90;

    private ControlProtocol() {}

    /**
     * Reads one line of at most {@link #MAX_LINE_BYTES} bytes, without its newline.
     *
     * @throws IOException if the stream ends first or the line is too long
     */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new IOException("the connection ended mid-line");
            }
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("a line longer than " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    static byte[] line(Object json) {
        return (Json.write(json) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
