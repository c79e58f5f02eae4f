/** Accounts, trunks and numbers as the decision path reads them: from memory, kept current by the store's writes. */
package io.callguard.core.directory;
