package io.confchat.chat.internal.directory;

import io.confchat.chat.internal.records.NamePages;
import java.util.SortedSet;

/**
 * One page of the directory as read: the names listed in it (only names: who owns a name is the
 * user record's majority's word, never a page's), and whether it is full, so that newer names
 * are one character deeper (a prefix page) or the network is too large to list everyone (an
 * everyone page).
 *
 * @param page the page id
 * @param names the well-formed names listed in it, sorted
 */
public record NamePage(String page, SortedSet<String> names) {
    public NamePage {
        names = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(names));
    }

    /** True when the page holds as many names as it may: newer names are elsewhere. */
    public boolean isFull() {
        long others = names.stream().filter(n -> !n.equals(page)).count();
        return others >= NamePages.capacity(page);
    }
}
