/** Ids the service creates: sortable by creation, unique across nodes and restarts, URL-safe. */
package io.callguard.core.ids;
