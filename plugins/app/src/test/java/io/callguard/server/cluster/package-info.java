/** Several callguard nodes on one PostgreSQL store: configuration changes made on one node reach the others. */
package io.callguard.server.cluster;
