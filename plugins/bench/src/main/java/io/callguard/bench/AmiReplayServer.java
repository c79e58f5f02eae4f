package io.callguard.bench;

import io.callguard.testkit.ami.EmulatedAmiServer;
import io.vertx.core.Vertx;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Asterisk side of {@link AmiIntakeBench}, in a process of its own so that its CPU is not charged to the
 * client measured: the testkit's EmulatedAmiServer on 127.0.0.1, driven by lines on stdin.
 * {@code replay <first> <count>} sends repetitions {@code first..first+count-1} of the capture to every
 * logged-in session as fast as they take them and answers {@code sent <frames>}; {@code quit} ends it.
 * Prints {@code port <port>} once listening.
 *
 * <p>Usage: {@code AmiReplayServer --capture <ami.txt> [--shipped-filter] [--coalesce] --secret S}; with
 * {@code --coalesce} each batch of frames leaves in one write (see EmulatedAmiServer#coalesceReplays).
 */
public final class AmiReplayServer {
    private AmiReplayServer() { }

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv, Set.of("shipped-filter", "coalesce"), Set.of("capture", "secret"));
        AmiReplayFrames frames = new AmiReplayFrames(Path.of(args.string("capture", null)),
                args.has("shipped-filter"));
        Vertx vertx = Vertx.vertx();
        EmulatedAmiServer ami = new EmulatedAmiServer(vertx, AmiCompanion.USERNAME, args.string("secret", AmiCompanion.SECRET));
        ami.coalesceReplays(args.has("coalesce"));
        int port = ami.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("port " + port);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            String[] cmd = line.trim().split(" +");
            if (cmd[0].equals("quit")) break;
            if (cmd[0].equals("replay") && cmd.length == 3) {
                int sent = ami.replay(frames.repetitions(Long.parseLong(cmd[1]), Long.parseLong(cmd[2])))
                        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
                System.out.println("sent " + sent);
                System.out.flush();
            }
        }
        ami.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close();
    }
}
