package io.confchat.apicheck;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The public API of one library module, read by reflection from its compiled classes: every
 * public or protected type of an exported package (the module's {@code module-info.class}; before
 * there was one, every package outside {@code .internal}) and each of its public or protected
 * members, as sorted signature lines ({@link #describe}), and the types those signatures mention
 * that a user of the module could not use ({@link #leaks}): anything outside the JDK's exported
 * packages and the exported packages of conf-chat's own modules (netty, protobuf, BouncyCastle,
 * an internal or package-private type).
 */
public final class ApiSurface {
    private final List<Class<?>> types;

    private ApiSurface(List<Class<?>> types) {
        this.types = types;
    }

    /** The API of the module compiled into {@code classes} (e.g. {@code target/classes}). */
    public static ApiSurface of(Path classes) throws IOException {
        Set<String> exported = exportedPackages(classes);
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                int dot = name.lastIndexOf('.');
                if (dot < 0 || !exported.contains(name.substring(0, dot))) {
                    continue;
                }
                Class<?> type = load(name);
                if (visible(type)) {
                    types.add(type);
                }
            }
        }
        return new ApiSurface(types);
    }

    /** Every exported type and member, one signature a line, sorted. */
    public List<String> describe() {
        Set<String> lines = new TreeSet<>();
        for (Class<?> type : types) {
            String owner = type.getTypeName();
            lines.add(owner + " : " + typeHeader(type));
            for (Field f : type.getDeclaredFields()) {
                if (visible(f) && !f.isSynthetic()) {
                    lines.add(owner + " : " + f.toGenericString());
                }
            }
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c) && !c.isSynthetic()) {
                    lines.add(owner + " : " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
                    lines.add(owner + " : " + m.toGenericString());
                }
            }
        }
        return List.copyOf(lines);
    }

    /** Each exported signature that names a type users cannot use, with that type. */
    public List<String> leaks() {
        Set<String> out = new TreeSet<>();
        for (Class<?> type : types) {
            List<Type> mentioned = new ArrayList<>();
            if (type.getGenericSuperclass() != null) {
                mentioned.add(type.getGenericSuperclass());
            }
            mentioned.addAll(List.of(type.getGenericInterfaces()));
            check(type.getTypeName(), mentioned, out);
            for (Field f : type.getDeclaredFields()) {
                if (visible(f) && !f.isSynthetic()) {
                    check(type.getTypeName() + "." + f.getName(), List.of(f.getGenericType()), out);
                }
            }
            List<Executable> members = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            members.addAll(List.of(type.getDeclaredMethods()));
            for (Executable e : members) {
                if (!visible(e) || e.isSynthetic() || (e instanceof Method m && m.isBridge())) {
                    continue;
                }
                List<Type> sig = new ArrayList<>(List.of(e.getGenericParameterTypes()));
                sig.addAll(List.of(e.getGenericExceptionTypes()));
                if (e instanceof Method m) {
                    sig.add(m.getGenericReturnType());
                }
                check(e.toGenericString(), sig, out);
            }
        }
        return List.copyOf(out);
    }

    private static void check(String where, List<Type> mentioned, Set<String> out) {
        List<Class<?>> classes = new ArrayList<>();
        mentioned.forEach(t -> collect(t, classes, new ArrayList<>()));
        for (Class<?> c : classes) {
            if (!usable(c)) {
                out.add(where + "  ->  " + c.getTypeName());
            }
        }
    }

    private static void collect(Type t, List<Class<?>> into, List<Type> seen) {
        if (seen.contains(t)) {
            return;
        }
        seen.add(t);
        if (t instanceof Class<?> c) {
            into.add(c.isArray() ? c.componentType() : c);
        } else if (t instanceof ParameterizedType p) {
            collect(p.getRawType(), into, seen);
            for (Type a : p.getActualTypeArguments()) {
                collect(a, into, seen);
            }
        } else if (t instanceof WildcardType w) {
            for (Type b : w.getUpperBounds()) {
                collect(b, into, seen);
            }
            for (Type b : w.getLowerBounds()) {
                collect(b, into, seen);
            }
        } else if (t instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), into, seen);
        } else if (t instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                collect(b, into, seen);
            }
        }
    }

    /** A JDK type its module exports, or a public conf-chat type of an exported package. */
    private static boolean usable(Class<?> c) {
        while (c.isArray()) {
            c = c.componentType();
        }
        if (c.isPrimitive()) {
            return true;
        }
        Module module = c.getModule();
        if (module.isNamed()
                && module.getLayer() == ModuleLayer.boot()
                && module.getName().startsWith("java.")) {
            return module.isExported(c.getPackageName()) && visible(c);
        }
        if (!c.getName().startsWith("io.confchat.")) {
            return false;
        }
        try {
            return visible(c) && exportedPackages(codeSource(c)).contains(c.getPackageName());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the module of " + c, e);
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The module descriptor compiled into {@code classes}.
     *
     * @throws IllegalStateException if there is none
     */
    public static ModuleDescriptor descriptor(Path classes) throws IOException {
        Path info = classes.resolve("module-info.class");
        if (!Files.exists(info)) {
            throw new IllegalStateException("no module-info.class in " + classes);
        }
        try (InputStream in = Files.newInputStream(info)) {
            return ModuleDescriptor.read(in);
        }
    }

    /** The unqualified exports of the module in {@code location} (a classes directory or a jar). */
    static Set<String> exportedPackages(Path location) throws IOException {
        if (Files.isDirectory(location)) {
            Path info = location.resolve("module-info.class");
            if (Files.exists(info)) {
                try (InputStream in = Files.newInputStream(info)) {
                    return unqualified(ModuleDescriptor.read(in));
                }
            }
            return nonInternal(location);
        }
        try (var jar = new java.util.jar.JarFile(location.toFile())) {
            var entry = jar.getJarEntry("module-info.class");
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return unqualified(ModuleDescriptor.read(in));
                }
            }
            Set<String> out = new TreeSet<>();
            jar.stream()
                    .map(e -> e.getName())
                    .filter(n -> n.endsWith(".class") && n.contains("/"))
                    .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                    .filter(p -> !isInternal(p))
                    .forEach(out::add);
            return out;
        }
    }

    private static Set<String> unqualified(ModuleDescriptor d) {
        Set<String> out = new TreeSet<>();
        d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> out.add(e.source()));
        return out;
    }

    private static Set<String> nonInternal(Path classes) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f.getParent())
                            .toString()
                            .replace(f.getFileSystem().getSeparator(), "."))
                    .filter(p -> !p.isEmpty() && !isInternal(p))
                    .forEach(out::add);
        }
        return out;
    }

    private static boolean isInternal(String pkg) {
        return pkg.contains(".internal.") || pkg.endsWith(".internal");
    }

    private static boolean visible(Class<?> c) {
        for (Class<?> t = c; t != null; t = t.getDeclaringClass()) {
            int mods = t.getModifiers();
            boolean nestedProtected = t.getDeclaringClass() != null && Modifier.isProtected(mods);
            if (!Modifier.isPublic(mods) && !nestedProtected) {
                return false;
            }
        }
        return !c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic();
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static String typeHeader(Class<?> c) {
        StringBuilder s = new StringBuilder();
        String mods = Modifier.toString(c.getModifiers() & ~Modifier.INTERFACE & ~Modifier.ABSTRACT & ~Modifier.STATIC);
        if (!mods.isEmpty()) {
            s.append(mods).append(' ');
        }
        if (c.isAnnotation()) {
            s.append("@interface");
        } else if (c.isInterface()) {
            s.append(c.isSealed() ? "sealed interface" : "interface");
        } else if (c.isEnum()) {
            s.append("enum");
        } else if (c.isRecord()) {
            s.append("record");
        } else {
            s.append(c.isSealed() ? "sealed " : "")
                    .append(Modifier.isAbstract(c.getModifiers()) ? "abstract class" : "class");
        }
        s.append(' ').append(c.getTypeName());
        for (TypeVariable<?> v : c.getTypeParameters()) {
            s.append(" <").append(v.getTypeName()).append('>');
        }
        if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class && !c.isEnum() && !c.isRecord()) {
            s.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        for (Type i : c.getGenericInterfaces()) {
            s.append(" implements ").append(i.getTypeName());
        }
        if (c.isSealed()) {
            for (Class<?> p : c.getPermittedSubclasses()) {
                s.append(" permits ").append(p.getTypeName());
            }
        }
        return s.toString();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, ApiSurface.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }
}
