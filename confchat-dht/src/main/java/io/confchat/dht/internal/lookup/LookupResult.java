package io.confchat.dht.internal.lookup;

import io.confchat.api.Contact;
import java.util.List;
import java.util.Map;

/**
 * What an iterative lookup found.
 *
 * @param closest the (at most k) contacts closest to the target that answered, closest first
 * @param replies every answer received, by contact, in the order they arrived
 * @param queried how many contacts were asked
 * @param failed how many did not answer
 * @param hops the longest chain of referrals that led to a contact in {@code closest}
 */
public record LookupResult<R>(List<Contact> closest, Map<Contact, R> replies, int queried, int failed, int hops) {}
