package io.callguard.asterisk.ami;

import io.callguard.core.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The AMI client's meters (docs/metrics.md): events read by type (the types callguard decodes, the others as
 * {@code other}), reconnection attempts, how long each {@code CoreShowChannels} resynchronisation took, and the frame
 * lag: from a socket read's arrival to the end of the handling of its frames (how far behind the stream the client
 * is when events come in bursts). All resolved once; the calls on the event path allocate nothing.
 */
public final class AmiMetrics {
    private static final String[] TYPES = {"Newchannel", "Newstate", "Hangup", "DialBegin", "DialEnd", "CoreShowChannel",
            "CoreShowChannelsComplete", "OriginateResponse", "FullyBooted", "Shutdown"};
    private static final Class<?>[] CLASSES = {AmiEvent.Newchannel.class, AmiEvent.Newstate.class, AmiEvent.Hangup.class,
            AmiEvent.DialBegin.class, AmiEvent.DialEnd.class, AmiEvent.CoreShowChannel.class,
            AmiEvent.CoreShowChannelsComplete.class, AmiEvent.OriginateResponse.class, AmiEvent.FullyBooted.class,
            AmiEvent.Shutdown.class};

    /** The server label of a node with one Asterisk server named by default ({@code ami.name}). */
    static final String SINGLE = "asterisk";
    private final Counter[] events = new Counter[TYPES.length];
    private final Counter otherEvents;
    private final Counter responses;
    private final Counter reconnects;
    private final Timer resync;
    private final Timer frameLag;

    /** The meters of the one AMI server of a node named {@value #SINGLE}. */
    public AmiMetrics(MeterRegistry registry) { this(registry, SINGLE); }

    /** @param server the Asterisk server's name ({@code ami.name} or its {@code ami.servers} entry), the label {@code server} */
    public AmiMetrics(MeterRegistry registry, String server) {
        for (int i = 0; i < TYPES.length; i++) events[i] = event(registry, TYPES[i], server);
        this.otherEvents = event(registry, "other", server);
        this.responses = Counter.builder(Meters.PREFIX + "ami.responses").description("AMI responses read")
                .tag("server", server).register(registry);
        this.reconnects = Counter.builder(Meters.PREFIX + "ami.reconnects").tag("server", server)
                .description("AMI connection attempts scheduled after a failed login or a lost link").register(registry);
        this.resync = Timer.builder(Meters.PREFIX + "ami.resync.duration").tag("server", server)
                .description("from a CoreShowChannels request to its list applied to the call tracker")
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
                        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(10))
                .register(registry);
        this.frameLag = Timer.builder(Meters.PREFIX + "ami.frame.lag").tag("server", server)
                .description("from a socket read's arrival to the end of the handling of its frames")
                .serviceLevelObjectives(Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000),
                        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1))
                .register(registry);
    }

    /** Meters that record nothing. */
    public static AmiMetrics none() { return new AmiMetrics(Meters.none()); }

    private static Counter event(MeterRegistry registry, String type, String server) {
        return Counter.builder(Meters.PREFIX + "ami.events").description("AMI events read, by type")
                .tag("type", type).tag("server", server).register(registry);
    }

    void decoded(AmiFrameDecoder.Decoded d) {
        if (d instanceof AmiFrameDecoder.Event e) {
            Class<?> c = e.event().getClass();
            for (int i = 0; i < CLASSES.length; i++) {
                if (CLASSES[i] == c) {
                    events[i].increment();
                    return;
                }
            }
            otherEvents.increment();
        } else if (d instanceof AmiFrameDecoder.Skipped) {
            otherEvents.increment();
        } else if (d instanceof AmiFrameDecoder.Response) {
            responses.increment();
        }
    }

    void reconnectScheduled() { reconnects.increment(); }

    void resynced(long sinceNanos) { resync.record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS); }

    void readHandled(long sinceNanos) { frameLag.record(System.nanoTime() - sinceNanos, TimeUnit.NANOSECONDS); }
}
