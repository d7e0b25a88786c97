package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import java.util.List;
import java.util.Optional;
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

    /**
     * A contact's answer: the contacts it knows closer to the target, any payload, and, when the
     * contact has not proven its id yet, how it may: the answer counts only once that proof
     * succeeded.
     */
    record Reply<R>(List<Contact> closer, R payload, Optional<IdProof> unproven) {
        /** The answer of a contact whose id is proven already. */
        public Reply(List<Contact> closer, R payload) {
            this(closer, payload, Optional.empty());
        }
    }
}
