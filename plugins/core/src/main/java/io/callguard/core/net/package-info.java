/** Network literals shared by the adapters and the rule modules: addresses and CIDR ranges, never a DNS lookup. */
package io.callguard.core.net;
