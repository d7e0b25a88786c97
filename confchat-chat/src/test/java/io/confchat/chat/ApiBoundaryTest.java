package io.confchat.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confchat.apicheck.ApiDescription;
import io.confchat.apicheck.ApiSurface;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API boundary of confchat-chat (docs/api-compatibility.md): its exported signatures name only JDK
 * types and exported conf-chat types (no netty, protobuf or internal type), and they match the
 * committed description {@code api/confchat-chat.api} unless a change was declared by regenerating it.
 */
class ApiBoundaryTest {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    @Test
    void exportedSignatures_shouldNameOnlyExportedTypes() throws Exception {
        assertThat(ApiSurface.of(MODULE.resolve("target/classes")).leaks()).isEmpty();
    }

    @Test
    void moduleDescriptor_shouldExportNoInternalPackage_exceptToConfChatModules() throws Exception {
        ModuleDescriptor module = ApiSurface.descriptor(MODULE.resolve("target/classes"));
        assertThat(module.exports()).isNotEmpty().allSatisfy(e -> {
            if (e.source().contains(".internal")) {
                assertThat(e.targets()).isNotEmpty().allMatch(t -> t.startsWith("io.confchat."));
            }
        });
        assertThat(module.opens()).isEmpty();
    }

    @Test
    void exportedApi_shouldMatchTheCommittedDescription() throws Exception {
        ApiDescription.verify(MODULE, "confchat-chat");
    }
}
