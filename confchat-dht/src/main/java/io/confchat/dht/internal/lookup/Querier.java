package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The lookup's only way to the network: ask one contact, get its reply (or a failure). FIND_NODE
 * and FIND_VALUE lookups differ only in the querier they pass.
 *
 * @param <R> what a reply carries besides closer contacts
 */
@FunctionalInterface
public interface Querier<R> {
    CompletableFuture<Reply<R>> query(Contact contact);

    /** A contact's answer: the contacts it knows closer to the target, and any payload. */
    record Reply<R>(List<Contact> closer, R payload) {}
}
