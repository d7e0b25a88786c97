package io.confchat.chat.internal.records;

import io.confchat.chat.internal.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages of the user directory (docs/architecture.md#the-user-directory) and how they grow.
 * Kademlia cannot enumerate keys, so names are grouped under keys a reader can compute:
 *
 * <pre>
 *  prefix pages (256 names each)                         everyone pages (64 names each)
 *  H("names/ali")  ali, alina, alibek ...   full -+      H("names/*0") ... H("names/*f")
 *                                                 |      a name's page: first hex digit of
 *  H("names/alic") alice, alicia ...  &lt;------------+      SHA-256(name); a full one means the
 *  H("names/alix") alix.b ...         (one character     network is too large to list everyone
 *                                      longer)
 * </pre>
 *
 * A name is listed in the page of its first {@value #FIRST_DEPTH} characters; once that page holds
 * {@value #PREFIX_PAGE_NAMES} names, in the page of its first 4, and so on. A name as long as the
 * page's prefix always fits its own page (only one name can be that long), so every name has a
 * page. Page ids are prefixes ({@code [a-z0-9._-]{3,32}}) or {@code "*"} and a hex digit, which no
 * prefix can be.
 */
public final class NamePages {
    /** Length of the prefix of a name's first page. */
    public static final int FIRST_DEPTH = 3;
    /** Names a prefix page holds before newer names go one character deeper. */
    public static final int PREFIX_PAGE_NAMES = 256;
    /** Names an everyone page holds: 16 of them list about a thousand users. */
    public static final int EVERYONE_PAGE_NAMES = 64;
    /** Number of everyone pages. */
    public static final int EVERYONE_PAGES = 16;
    /** What storing nodes say when a page has no room for another name. */
    public static final String FULL = "the page is full";
    /** What storing nodes say when another owner listed the name first. */
    public static final String LISTED_BY_ANOTHER = "the name is listed by another owner";
    /** The characters of a username, in their sort order. */
    static final String ALPHABET = "-.0123456789_abcdefghijklmnopqrstuvwxyz";

    private static final String EVERYONE_MARK = "*";

    private NamePages() {}

    /** The prefix page of {@code name} at {@code depth} characters (the name itself when shorter). */
    public static String prefixPage(String name, int depth) {
        return name.substring(0, Math.min(depth, name.length()));
    }

    /** The everyone page {@code name} is listed in. */
    public static String everyonePage(String name) {
        int digit = Sha256.digest(name.getBytes(StandardCharsets.UTF_8))[0] >>> 4 & 0xf;
        return EVERYONE_MARK + Integer.toHexString(digit);
    }

    /** Every everyone page, in order. */
    public static List<String> everyonePages() {
        List<String> pages = new ArrayList<>(EVERYONE_PAGES);
        for (int i = 0; i < EVERYONE_PAGES; i++) {
            pages.add(EVERYONE_MARK + Integer.toHexString(i));
        }
        return pages;
    }

    public static boolean isEveryonePage(String page) {
        return page.startsWith(EVERYONE_MARK);
    }

    /** How many names {@code page} holds when full. */
    public static int capacity(String page) {
        return isEveryonePage(page) ? EVERYONE_PAGE_NAMES : PREFIX_PAGE_NAMES;
    }

    /** True when {@code name} (normalized) may be listed in {@code page}. */
    public static boolean fits(String page, String name) {
        return isEveryonePage(page)
                ? page.equals(everyonePage(name))
                : page.length() >= FIRST_DEPTH && name.startsWith(page);
    }

    /** The pages one character deeper than a full prefix page, in name order. */
    public static List<String> children(String page) {
        List<String> out = new ArrayList<>(ALPHABET.length());
        for (int i = 0; i < ALPHABET.length(); i++) {
            out.add(page + ALPHABET.charAt(i));
        }
        return out;
    }
}
