/** Live calls: the call tracker fed by AMI events and FastAGI decisions. */
package io.callguard.core.calls;
