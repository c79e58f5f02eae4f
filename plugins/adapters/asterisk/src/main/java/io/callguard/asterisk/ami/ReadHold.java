package io.callguard.asterisk.ami;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.time.Duration;

/**
 * Coalesces one AMI link's reads ({@code ami.readCoalesce}): after a read of few frames (fewer than
 * {@link #BELOW_FRAMES}: Asterisk at a low rate, writing each event on its own), the next read waits the delay. Once the
 * read's loop is over, Netty stops reading the socket (autoRead off, so the kernel keeps what arrives meanwhile and the
 * event loop is not woken for it) and a timer turns reading back on. Read as they come, such frames cost the event loop
 * one wake-up and one read each, most of the AMI path's CPU at a few calls per second. A busy Asterisk's reads hold
 * many frames and are never held: its stream is read as fast as before, and its writes never wait on callguard
 * (Asterisk drops a manager session whose writes block past its writetimeout). autoRead goes off in a task after the
 * read's loop, not inside it, where Netty would stop after one buffer. A closed socket finds reading off: the timer
 * then does nothing. The event loop's only.
 */
final class ReadHold {
    /** A read with at least this many frames is not followed by a hold. */
    static final int BELOW_FRAMES = 4;

    private final Vertx vertx;
    private final Channel channel;
    private final long delayMs;
    private final Runnable counted;
    private boolean held;
    private int frames;

    /** @param counted told of each hold (the client's count, for tests) */
    ReadHold(Vertx vertx, NetSocket socket, Duration delay, Runnable counted) {
        this.vertx = vertx;
        // a socket that is not Vert.x's own (none in practice) is read as bytes arrive
        this.channel = socket instanceof NetSocketInternal internal ? internal.channelHandlerContext().channel() : null;
        this.delayMs = delay.toMillis();
        this.counted = counted;
    }

    void readStarts() { frames = 0; }

    void frameRead() { frames++; }

    /** The read's frames are handled: holds the next read when they were few. */
    void readEnded() {
        if (delayMs <= 0 || channel == null || held || frames >= BELOW_FRAMES) return;
        held = true;
        counted.run();
        channel.eventLoop().execute(() -> channel.config().setAutoRead(false));
        vertx.setTimer(delayMs, id -> {
            held = false;
            if (channel.isActive()) channel.config().setAutoRead(true);
        });
    }
}
