package dev.pagila.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks made before anything starts, so a clash is one clear message rather than a stack trace. */
public final class Ports {

    private Ports() {
    }

    public static void requireFree(int port, String user, String option) {
        if (!isFree(port)) {
            throw new LocalStackException("port " + port + " (" + user + ") is already in use: stop what holds it, or pick"
                    + " another with " + option + "=<port>");
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as the servers do: a port in TIME_WAIT is free to them
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** A port nobody holds right now; for tests that run beside other things on one machine. */
    public static int anyFree() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalStackException("no free local port: " + e.getMessage());
        }
    }
}
