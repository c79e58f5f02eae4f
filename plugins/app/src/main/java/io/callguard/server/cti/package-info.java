/**
 * The CTI API (R8) as served: its own HTTP listener for the clients' business applications (API-key authentication,
 * per-key request limit, SMS and click-to-call routes) and the wiring of the cti module to the store, the
 * suspensions, AMI, SIP and Vert.x.
 */
package io.callguard.server.cti;
