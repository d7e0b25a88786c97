package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket on real Unix-domain sockets: who may use it and what goes over it. */
class ControlSocketTest {
    @TempDir
    Path dataDir;

    private final List<String> warnings = new ArrayList<>();

    private Optional<Object> ask(String user, String op, Map<String, Object> arguments) {
        return ControlClient.request(dataDir, user, op, arguments, warnings::add);
    }

    @Test
    void aRequest_shouldReachTheHandler_andItsResultComeBack() throws Exception {
        try (ControlServer server = ControlServer.start(dataDir, "Alice", request -> Map.of("echo", request))
                .orElseThrow()) {
            Object result =
                    ask("alice", "send", Map.of("to", "bob", "text", "q")).orElseThrow();

            assertThat(result)
                    .isEqualTo(
                            Map.of("echo", Map.of("v", 1L, "user", "alice", "op", "send", "to", "bob", "text", "q")));
            assertThat(server.path()).isEqualTo(dataDir.resolve("control/alice.sock"));
        }
        assertThat(dataDir.resolve("control/alice.sock")).as("removed at close").doesNotExist();
        assertThat(ask("alice", "users", Map.of()))
                .as("nobody runs: the command does the work")
                .isEmpty();
    }

    @Test
    void theDirectoryAndTheSocket_shouldBeTheOwnersOnly() throws Exception {
        try (ControlServer server =
                ControlServer.start(dataDir, "alice", request -> "ok").orElseThrow()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("control"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.path())))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aDirectoryOpenToOthers_shouldBeRefusedByBothEnds() throws Exception {
        Files.createDirectories(dataDir.resolve("control"));
        Files.setPosixFilePermissions(dataDir.resolve("control"), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> ControlServer.start(dataDir, "alice", request -> "ok"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("open to other users");

        Files.setPosixFilePermissions(dataDir.resolve("control"), PosixFilePermissions.fromString("rwx------"));
        try (ControlServer server =
                ControlServer.start(dataDir, "alice", request -> "ok").orElseThrow()) {
            Files.setPosixFilePermissions(dataDir.resolve("control"), PosixFilePermissions.fromString("rwxrwx---"));
            assertThat(ask("alice", "users", Map.of())).isEmpty();
            assertThat(warnings).singleElement().asString().contains("open to other users");
        }
    }

    @Test
    void aProcessOfAnotherUser_shouldGetNoAnswer() throws Exception {
        var nobody = FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (ControlServer server =
                ControlServer.start(dataDir, "alice", request -> "ok", nobody).orElseThrow()) {
            assertThat(ask("alice", "users", Map.of()))
                    .as("the server (pretending to run as nobody) closes on us without an answer")
                    .isEmpty();
        }
    }

    @Test
    void theHandlersFailure_shouldBeTheCommandsFailure() throws Exception {
        try (ControlServer server = ControlServer.start(dataDir, "alice", request -> {
                    throw new CliFailure("there is no user named 'zed'");
                })
                .orElseThrow()) {
            assertThatThrownBy(() -> ask("alice", "send", Map.of("to", "zed", "text", "hi")))
                    .isInstanceOf(CliFailure.class)
                    .hasMessage("there is no user named 'zed'");
        }
    }

    @Test
    void aSecondServerOfTheSameUser_shouldStandAside_andAStaleSocketBeReplaced() throws Exception {
        try (ControlServer first =
                ControlServer.start(dataDir, "alice", request -> "first").orElseThrow()) {
            assertThat(ControlServer.start(dataDir, "alice", request -> "second"))
                    .isEmpty();
        }
        Files.createFile(dataDir.resolve("control/alice.sock")); // left behind by a crash
        try (ControlServer again =
                ControlServer.start(dataDir, "alice", request -> "again").orElseThrow()) {
            assertThat(ask("alice", "users", Map.of())).contains("again");
        }
    }
}
