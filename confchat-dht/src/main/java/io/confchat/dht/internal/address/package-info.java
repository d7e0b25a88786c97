/**
 * Which addresses a node tells others to reach it at: start with {@link
 * io.confchat.dht.internal.address.AdvertisedEndpoints}. {@link
 * io.confchat.dht.internal.address.ObservedAddresses} counts what PONGs say the node looks like
 * from outside (a NAT's public address), {@link io.confchat.dht.internal.address.Networks} says
 * which addresses are usable by peers and which network (/24, /48) an address belongs to.
 */
package io.confchat.dht.internal.address;
