/**
 * The directory as the operator edits it (the admin API's accounts, trunks and numbers): checked, stored through the
 * {@link io.callguard.directory.DirectoryRepository} port, mirrored into the decisions' in-memory directory before
 * the reply, audited; a deletion tells the rules that keep state per account or trunk
 * ({@link io.callguard.core.directory.AccountRemovalListener}, {@link io.callguard.core.directory.TrunkRemovalListener}).
 */
package io.callguard.directory;
