package io.callguard.cti.calls;

import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.response.ManagerResponse;

import java.util.concurrent.CompletionStage;

/**
 * Sends an AMI action: the server adapts its {@code AmiClient} ({@code a -> amiClient.sendAction(a).toCompletionStage()}).
 * The stage fails when AMI is not connected; a {@code Response: Error} completes it with a
 * {@link org.asteriskjava.manager.response.ManagerError}.
 */
@FunctionalInterface
public interface AmiActions {
    CompletionStage<ManagerResponse> send(ManagerAction action);
}
