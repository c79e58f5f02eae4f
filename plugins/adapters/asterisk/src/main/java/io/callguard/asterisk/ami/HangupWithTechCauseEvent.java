package io.callguard.asterisk.ami;

import org.asteriskjava.manager.AsteriskMapping;
import org.asteriskjava.manager.event.HangupEvent;

/**
 * asterisk-java's {@link HangupEvent} with the {@code TechCause} line that Asterisk 22 adds whenever the hang-up
 * cause maps to a SIP code (every refused call: {@code Cause: 34}, {@code TechCause: 503}). asterisk-java 3.41 has
 * no setter for it and logs a WARN "Unable to set property 'techcause' … no setter" on every such hang-up;
 * {@link AmiClient} registers this class for {@code Hangup} on each connection, so the line is read, not warned
 * about. Code that handles {@link HangupEvent} sees these events unchanged.
 */
@AsteriskMapping("Hangup")
public class HangupWithTechCauseEvent extends HangupEvent {
    static final long serialVersionUID = 1L;

    private Integer techCause;

    public HangupWithTechCauseEvent(Object source) {
        super(source);
    }

    /** The SIP status that went with the hang-up (e.g. 503 for cause 34), null when Asterisk sent none. */
    public Integer getTechCause() { return techCause; }

    public void setTechCause(Integer techCause) { this.techCause = techCause; }
}
