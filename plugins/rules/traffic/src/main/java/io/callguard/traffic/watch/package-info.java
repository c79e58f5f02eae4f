/** What the traffic rules do when a measure crosses its threshold: alert (log, audit, signed webhook, counter) or suspend. */
package io.callguard.traffic.watch;
