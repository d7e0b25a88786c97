/**
 * Group chats (docs/architecture.md#group-chats): the sender-key chains that encrypt group
 * messages, the signed membership records with their epoch chain, and what one login does with
 * them.
 *
 * <p>Start with {@link io.confchat.chat.internal.group.GroupChat}, one login's group chats
 * assembled: {@link io.confchat.chat.internal.group.Groups} (the API's entry point) over {@code
 * GroupMembership} (create, invite, join, leave, remove, records offered), {@code GroupSending}
 * (send, receipts, copies put again), {@code ControlFanOut} (telling members of a record and a
 * chain) and {@code HeldGroups} (the groups held, their lock, keeping them on the device), {@link io.confchat.chat.internal.group.GroupIntake} (the envelopes other members send, with
 * {@code GroupInvitations} bounding and verifying invitations) and
 * {@link io.confchat.chat.internal.group.GroupCatchUp} (reading the DHT), over the login's {@link
 * io.confchat.chat.internal.group.GroupLinks}; catch-up and the next link follow the branch of the
 * membership {@code ForkChoice} chooses through {@code BranchFollower}. Underneath: {@code GroupKeys} (one member's keys for
 * a group: its {@code OwnSendingChain} on a {@code SendingChain}, the {@code ReceivingChains} of {@code ReceivingChain}, on {@code ChainKey}, the {@code FormerMembers} whose late chains are still read once, {@code MembershipKeyChange}: what a change of membership does to them, {@code ChainAdmission}: whether a hand-over is taken, and {@code KeptKeys}: the keys as kept and restored), {@code
 * MembershipChain} (whether a record is the next link, with {@code Seniority}: who outranks whom), {@code MemberNames} (whether the names a record
 * gives keys are theirs), {@code GroupArchive} (the group's records in
 * the DHT), {@code StoredCopies} (sent messages' copies whose put failed, put again), and the strict codecs {@code GroupStates}, {@code GroupMessageCodec}, {@code
 * DistributionCodec}, {@code GroupEnvelopes}, {@code GroupSnapshots} (the state a device keeps), {@code TakenChains} (a chain taken, kept
 * instead of the whole state), {@code FormerMemberCodec} (a former member, in the state and the key backup) and {@code
 * ChainPositions} (where one chain stands, kept after each message instead of the whole state;
 * {@link io.confchat.chat.internal.group.KeptGroup} is what a device hands back at login).
 * For the user's other devices (docs/architecture.md#group-chats-on-any-node): {@code
 * GroupBackups} (the key backup of each group kept current in the DHT), {@code GroupBackupCodec}
 * (what it holds, strictly decoded) and {@code GroupRestore} (at login, this device brought up to
 * the backups, with a sending chain of its own).
 * The key classes do no I/O and are not thread-safe: every user holds {@code HeldGroups}' lock around them.
 */
package io.confchat.chat.internal.group;
