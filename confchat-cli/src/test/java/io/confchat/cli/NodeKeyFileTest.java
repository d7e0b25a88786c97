package io.confchat.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.confchat.dht.crypto.Ed25519KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyFileTest {
    @TempDir
    Path tmp;

    private final SecureRandom random = new SecureRandom();

    @Test
    void loadOrCreate_shouldCreateAKeyThenReturnTheSameOne() throws IOException {
        Path dir = tmp.resolve("a/b");
        Ed25519KeyPair first = new NodeKeyFile(dir).loadOrCreate(random);
        Ed25519KeyPair second = new NodeKeyFile(dir).loadOrCreate(random);

        assertThat(Files.readAllBytes(dir.resolve(NodeKeyFile.FILE_NAME))).isEqualTo(first.privateKey());
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(dir.resolve(NodeKeyFile.FILE_NAME));
        }
    }

    @Test
    void loadOrCreate_shouldMakeWhatItCreatesOwnerOnly() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path dir = tmp.resolve("data");
        NodeKeyFile keyFile = new NodeKeyFile(dir);
        keyFile.loadOrCreate(random);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile.path())))
                .isEqualTo("rw-------");
    }

    @Test
    void loadOrCreate_shouldRefuseAFileOfTheWrongSize() throws IOException {
        Files.write(tmp.resolve(NodeKeyFile.FILE_NAME), new byte[31]);

        assertThatThrownBy(() -> new NodeKeyFile(tmp).loadOrCreate(random))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("31 bytes");
        assertThat(Files.size(tmp.resolve(NodeKeyFile.FILE_NAME))).isEqualTo(31);
    }

    @Test
    void loadOrCreate_shouldRefuseADataDirThatIsAFile() throws IOException {
        Path notADir = Files.createFile(tmp.resolve("plain"));

        assertThatThrownBy(() -> new NodeKeyFile(notADir).loadOrCreate(random))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a directory");
    }
}
