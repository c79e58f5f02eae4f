/**
 * The server side of suspensions: the periodic timer that handles the starts of scheduled suspensions (audit entry,
 * optional hang-up of live calls) on a worker thread.
 */
package io.callguard.server.suspension;
