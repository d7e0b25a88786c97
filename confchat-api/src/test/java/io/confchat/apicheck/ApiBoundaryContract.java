package io.confchat.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The API boundary of one library module (docs/api-compatibility.md), as each library's {@code
 * ApiBoundaryTest} runs it: its exported signatures name only JDK types and exported conf-chat
 * types (no netty, protobuf or internal type), its descriptor exports no internal package except to
 * conf-chat's own modules, and its API matches the committed description {@code
 * api/<module>.api} unless a change was declared by regenerating it.
 */
public abstract class ApiBoundaryContract {
    private static final Path MODULE = Path.of(System.getProperty("basedir", "."));

    private final String artifactId;

    protected ApiBoundaryContract(String artifactId) {
        this.artifactId = artifactId;
    }

    @Test
    public void exportedSignatures_shouldNameOnlyExportedTypes() throws Exception {
        assertThat(ApiSurface.of(MODULE.resolve("target/classes")).leaks()).isEmpty();
    }

    @Test
    public void moduleDescriptor_shouldExportNoInternalPackage_exceptToConfChatModules() throws Exception {
        ModuleDescriptor module = ApiSurface.descriptor(MODULE.resolve("target/classes"));
        assertThat(module.exports()).isNotEmpty().allSatisfy(e -> {
            if (e.source().contains(".internal")) {
                assertThat(e.targets()).isNotEmpty().allMatch(t -> t.startsWith("io.confchat."));
            }
        });
        assertThat(module.opens()).isEmpty();
    }

    @Test
    public void exportedApi_shouldMatchTheCommittedDescription() throws Exception {
        ApiDescription.verify(MODULE, artifactId);
    }
}
