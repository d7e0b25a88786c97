package io.confchat.chat.modules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The libraries on the module path, as a modular application would use them: {@code
 * io.confchat.chat} and everything it requires resolve in a module layer of their own (netty 4.2,
 * BouncyCastle and slf4j as named modules; protobuf, h2-mvstore and jbcrypt as automatic ones),
 * the internals are not exported, and a supernode and a client start, register and log in (UDP
 * and TCP through netty, Ed25519 through BouncyCastle, bcrypt through jbcrypt, records through
 * protobuf), all called through the exported API only. The other tests run on the class path.
 */
class ModulePathIT {
    /** The runtime jars of the three libraries; not their test-jars or test dependencies. */
    private static final Pattern LIBRARY = Pattern.compile("(confchat-(api|dht|chat)-[0-9][^/]*(?<!-tests)\\.jar"
            + "|netty-[a-z-]+-4[^/]*\\.jar|protobuf-java-[0-9][^/]*\\.jar|bcprov-jdk18on-[^/]*\\.jar"
            + "|jbcrypt-[^/]*\\.jar|slf4j-api-[^/]*\\.jar|h2-mvstore-[^/]*\\.jar)");

    private static final String PASSWORD = "a long enough password";

    @Test
    void libraries_resolveAsModules_hideTheirInternals_andRunAClient() throws Exception {
        ModuleLayer layer = layer();
        Set<String> resolved = layer.configuration().modules().stream()
                .map(ResolvedModule::name)
                .collect(Collectors.toSet());
        assertThat(resolved)
                .contains(
                        "io.confchat.api",
                        "io.confchat.dht",
                        "io.confchat.chat",
                        "io.netty.transport",
                        "io.netty.codec",
                        "com.google.protobuf",
                        "org.bouncycastle.provider",
                        "com.h2database.mvstore",
                        "jbcrypt");

        Module dht = layer.findModule("io.confchat.dht").orElseThrow();
        Module chat = layer.findModule("io.confchat.chat").orElseThrow();
        assertThat(dht.isExported("io.confchat.dht")).isTrue();
        assertThat(dht.isExported("io.confchat.dht.internal.rpc")).isFalse();
        assertThat(dht.isExported("io.confchat.dht.internal.stream")).isFalse();
        assertThat(dht.isExported("io.confchat.dht.internal.stream", chat)).isTrue();
        assertThat(chat.isExported("io.confchat.chat.internal.session")).isFalse();

        ClassLoader loader = layer.findLoader("io.confchat.chat");
        Class<?> kademlia = loader.loadClass("io.confchat.dht.KademliaNode");
        Class<?> nodeBuilder = loader.loadClass("io.confchat.dht.KademliaNodeBuilder");
        Class<?> confChat = loader.loadClass("io.confchat.chat.ConfChat");
        Class<?> chatClient = loader.loadClass("io.confchat.api.chat.ChatClient");

        Object supernodeBuilder = localNode(kademlia, nodeBuilder);
        confChat.getMethod("withChatRecordRules", nodeBuilder).invoke(null, supernodeBuilder);
        AutoCloseable supernode =
                (AutoCloseable) await(nodeBuilder.getMethod("start").invoke(supernodeBuilder));
        try (supernode) {
            Object address = kademlia.getMethod("localAddress").invoke(supernode);
            assertThatThrownBy(() -> loader.loadClass("io.confchat.dht.internal.stream.NodeInternals")
                            .getMethod("streams", kademlia)
                            .invoke(null, supernode))
                    .isInstanceOf(IllegalAccessException.class);

            Object builder = confChat.getMethod("builder").invoke(null);
            confChat.getMethod("node", nodeBuilder).invoke(builder, localNode(kademlia, nodeBuilder));
            Object addresses = java.lang.reflect.Array.newInstance(address.getClass(), 1);
            java.lang.reflect.Array.set(addresses, 0, address);
            confChat.getMethod("bootstrap", addresses.getClass()).invoke(builder, addresses);
            confChat.getMethod("config", loader.loadClass("io.confchat.chat.ChatConfig"))
                    .invoke(builder, lightConfig(loader));
            try (AutoCloseable client =
                    (AutoCloseable) await(confChat.getMethod("start").invoke(builder))) {
                await(chatClient
                        .getMethod("register", String.class, String.class)
                        .invoke(client, "alice", PASSWORD));
                await(chatClient.getMethod("login", String.class, String.class).invoke(client, "alice", PASSWORD));
                assertThat(chatClient.getMethod("currentUser").invoke(client).toString())
                        .contains("alice");
            }
        }
    }

    private static Object localNode(Class<?> kademlia, Class<?> nodeBuilder) throws Exception {
        Object b = kademlia.getMethod("builder").invoke(null);
        nodeBuilder.getMethod("host", String.class).invoke(b, "127.0.0.1");
        nodeBuilder.getMethod("port", int.class).invoke(b, 0);
        return b;
    }

    /** Settings with the lowest bcrypt cost, so that registering takes milliseconds. */
    private static Object lightConfig(ClassLoader loader) throws Exception {
        Class<?> config = loader.loadClass("io.confchat.chat.ChatConfig");
        Class<?> builder = loader.loadClass("io.confchat.chat.ChatConfig$Builder");
        Object b = config.getMethod("builder").invoke(null);
        builder.getMethod("bcryptCost", int.class)
                .invoke(b, config.getField("MIN_BCRYPT_COST").get(null));
        return builder.getMethod("build").invoke(b);
    }

    private static Object await(Object future) throws Exception {
        return ((CompletableFuture<?>) future).get(60, TimeUnit.SECONDS);
    }

    /** A library's classes directory, as the reactor may hand a module of the same build. */
    private static boolean isLibraryClasses(Path p) {
        return Files.isDirectory(p)
                && p.endsWith(Path.of("target", "classes"))
                && p.getParent().getParent().getFileName().toString().matches("confchat-(api|dht|chat)");
    }

    private static ModuleLayer layer() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> libraries = Arrays.stream(classPath.split(File.pathSeparator))
                .map(Path::of)
                .filter(p -> (Files.isRegularFile(p)
                                && LIBRARY.matcher(p.getFileName().toString()).matches())
                        || isLibraryClasses(p))
                .toList();
        assertThat(libraries).hasSizeGreaterThan(10);
        ModuleFinder finder = ModuleFinder.of(libraries.toArray(Path[]::new));
        Configuration configuration =
                ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of("io.confchat.chat"));
        return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    }
}
