/** The callguard process: {@link io.callguard.server.CallguardApp} wires the modules together, {@link io.callguard.server.Main} runs it. */
package io.callguard.server;
