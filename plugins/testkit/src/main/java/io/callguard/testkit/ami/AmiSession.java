package io.callguard.testkit.ami;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** One AMI TCP session of the emulated Asterisk: frames the input, answers actions like Asterisk 22.10.1 does. */
final class AmiSession {
    static final String GREETING = "Asterisk Call Manager/11.0.0";
    private static final int MAX_LINE = 64 * 1024;

    private final NetSocket socket;
    private final EmulatedAmiServer server;
    private AmiFrame.Builder pending;
    private String challenge;
    private volatile boolean authenticated;
    private boolean eventsOn = true;
    private boolean closing;

    AmiSession(NetSocket socket, EmulatedAmiServer server) {
        this.socket = socket;
        this.server = server;
        RecordParser parser = RecordParser.newDelimited("\n", this::onLine);
        parser.maxRecordSize(MAX_LINE);
        parser.exceptionHandler(e -> close());
        socket.handler(parser);
        socket.exceptionHandler(e -> close());
        socket.write(GREETING + "\r\n");
    }

    NetSocket socket() { return socket; }

    boolean loggedIn() { return authenticated && !closing; }

    boolean writeQueueFull() { return socket.writeQueueFull(); }

    /** An asynchronous event: only to logged-in sessions that asked for events. */
    void sendEvent(Buffer frame) {
        if (authenticated && eventsOn && !closing) socket.write(frame);
    }

    void close() {
        if (closing) return;
        closing = true;
        socket.close();
    }

    private void send(AmiFrame frame) {
        if (!closing) socket.write(Buffer.buffer(frame.toWire()));
    }

    private void onLine(Buffer buffer) {
        if (closing) return;
        String line = buffer.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (!line.isEmpty()) {
            if (pending == null) pending = AmiFrame.builder();
            pending.addLine(line);
            return;
        }
        if (pending == null) return;
        AmiFrame action = pending.build();
        pending = null;
        server.recordAction(action);
        if (server.unresponsive()) return;
        handle(action);
    }

    private void handle(AmiFrame action) {
        String name = action.getOrEmpty("Action");
        String id = action.get("ActionID");
        if (name.isEmpty()) {
            send(response("Error", id).add("Message", "Missing action in request").build());
            return;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!authenticated && !List.of("login", "logoff", "challenge").contains(lower)) {
            send(response("Error", id).add("Message", "Permission denied").build());
            return;
        }
        switch (lower) {
            case "login" -> login(action, id);
            case "challenge" -> challenge(action, id);
            case "logoff" -> {
                send(response("Goodbye", id).add("Message", "Thanks for all the fish.").build());
                close();
            }
            case "ping" -> send(response("Success", id).add("Ping", "Pong")
                    .add("Timestamp", timestamp(server.clock().instant())).build());
            case "coresettings" -> send(coreSettings(id));
            case "command" -> send(command(action, id));
            case "coreshowchannels" -> coreShowChannels(id);
            case "hangup" -> hangup(action, id);
            case "originate" -> originate(action, id);
            default -> send(response("Error", id).add("Message", "Invalid/unknown command: " + name
                    + ". Use Action: ListCommands to show available commands.").build());
        }
    }

    private void login(AmiFrame action, String id) {
        if (authenticated) {
            send(response("Success", id).add("Message", "Already authenticated").build());
            return;
        }
        String user = action.getOrEmpty("Username");
        boolean ok = user.equals(server.username()) && secretMatches(action);
        if (!ok) {
            server.loginFailed(user);
            closing = true; // Asterisk's session thread sleeps, reads nothing more, answers, then closes
            server.vertx().setTimer(Math.max(1, server.loginFailureDelay().toMillis()), t -> {
                socket.write(Buffer.buffer(response("Error", id).add("Message", "Authentication failed").build()
                        .toWire()));
                socket.close();
            });
            return;
        }
        authenticated = true;
        eventsOn = !"off".equalsIgnoreCase(action.getOrEmpty("Events"));
        server.loginSucceeded();
        send(response("Success", id).add("Message", "Authentication accepted").build());
        if (!server.booting()) send(server.fullyBooted(false));
        sendEvent(Buffer.buffer(AmiFrame.builder().add("Event", "SuccessfulAuth").add("Privilege", "security,all")
                .add("Severity", "Informational").add("Service", "AMI").add("EventVersion", "1")
                .add("AccountID", user).add("UsingPassword", "0").build().toWire()));
    }

    private boolean secretMatches(AmiFrame action) {
        if ("MD5".equalsIgnoreCase(action.getOrEmpty("AuthType"))) {
            if (challenge == null) return false;
            return md5Hex(challenge + server.secret()).equalsIgnoreCase(action.getOrEmpty("Key"));
        }
        return server.secret().equals(action.getOrEmpty("Secret"));
    }

    private void challenge(AmiFrame action, String id) {
        if (!"MD5".equalsIgnoreCase(action.getOrEmpty("AuthType"))) {
            send(response("Error", id).add("Message", "Must specify AuthType").build());
            return;
        }
        if (challenge == null) challenge = Long.toString(ThreadLocalRandom.current().nextLong(1, Integer.MAX_VALUE));
        send(response("Success", id).add("Challenge", challenge).build());
    }

    private AmiFrame coreSettings(String id) {
        return response("Success", id).add("AMIversion", "11.0.0").add("AsteriskVersion", "22.10.1")
                .add("SystemName", "").add("CoreMaxCalls", 0).add("CoreMaxLoadAvg", "0.000000")
                .add("CoreRunUser", "asterisk").add("CoreRunGroup", "asterisk").add("CoreMaxFilehandles", 0)
                .add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "Yes").add("CoreHTTPenabled", "No")
                .add("SoundsSearchCustomDir", "No").build();
    }

    private AmiFrame command(AmiFrame action, String id) {
        String cmd = action.getOrEmpty("Command").trim();
        AmiFrame.Builder b = response("Success", id).add("Message", "Command output follows");
        if (cmd.equalsIgnoreCase("core show version")) {
            return b.add("Output", "Asterisk 22.10.1 built by root @ vm on a x86_64 running Linux").build();
        }
        return b.add("Output", "No such command '" + cmd + "' (type 'core show help " + cmd
                + "' for other possible commands)").build();
    }

    private void coreShowChannels(String id) {
        if (server.holdChannelList(() -> { if (!closing) coreShowChannels(id); })) return;
        send(response("Success", id).add("EventList", "start").add("Message", "Channels will follow").build());
        List<EmulatedChannel> channels = server.channels();
        Instant now = server.clock().instant();
        for (EmulatedChannel c : channels) send(c.coreShowChannel(id, now));
        AmiFrame.Builder done = AmiFrame.builder().add("Event", "CoreShowChannelsComplete");
        if (id != null) done.add("ActionID", id);
        send(done.add("EventList", "Complete").add("ListItems", channels.size()).build());
    }

    private void hangup(AmiFrame action, String id) {
        EmulatedChannel target = server.channelNamed(action.getOrEmpty("Channel"));
        if (target == null) {
            send(response("Error", id).add("Message", "No such channel").build());
            return;
        }
        int cause = 16;
        try {
            if (action.has("Cause")) cause = Integer.parseInt(action.get("Cause").trim());
        } catch (NumberFormatException ignored) {
            // Asterisk ignores a cause it cannot read and uses the default
        }
        send(response("Success", id).add("Message", "Channel Hungup").build());
        server.hangupCall(target, cause);
    }

    /** An asynchronous Originate: queued at once, then its OriginateResponse event (the outcome the server is set to). */
    private void originate(AmiFrame action, String id) {
        if (action.getOrEmpty("Channel").isEmpty()) {
            send(response("Error", id).add("Message", "Channel not specified").build());
            return;
        }
        send(response("Success", id).add("Message", "Originate successfully queued").build());
        server.originateResponse(action, id);
    }

    private static AmiFrame.Builder response(String kind, String actionId) {
        AmiFrame.Builder b = AmiFrame.builder().add("Response", kind);
        if (actionId != null) b.add("ActionID", actionId);
        return b;
    }

    static String timestamp(Instant t) {
        return t.getEpochSecond() + "." + String.format("%06d", t.getNano() / 1000);
    }

    private static String md5Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
