package dev.rung.support;

import org.awaitility.Awaitility;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of its own, started from this build's class path: Rung or the simulator as an operator runs
 * them, so that a test can do to them what happens in production (a {@code kill -9}) without taking
 * the test's own JVM down.
 */
public final class SeparateJvm {

    public static final HttpClient HTTP =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();

    private SeparateJvm() {}

    /**
     * Starts {@code mainClass} with 512 MB of heap; its output goes to {@code
     * target/<logName>.log}.
     */
    public static Process start(
            String mainClass, List<String> jvmOptions, List<String> arguments, String logName)
            throws IOException {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath(), mainClass));
        command.addAll(arguments);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(
                                ProcessBuilder.Redirect.appendTo(
                                        new File("target/" + logName + ".log")))
                        .start();
        // If this JVM is stopped (a timeout, Ctrl-C), the process must not live on and eat the next
        // run's CPU.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    /**
     * This JVM's class path without empty entries: surefire's ends in a separator, which the child
     * would read as its working directory, and so find the project's {@code task-types/} twice.
     */
    private static String classPath() {
        return java.util.Arrays.stream(
                        System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .collect(java.util.stream.Collectors.joining(File.pathSeparator));
    }

    /** Waits (up to two minutes) until {@code url} answers with anything but a 5xx. */
    public static void awaitUp(String url, Process process) {
        Awaitility.await(url)
                .atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the process ended", () -> !process.isAlive())
                .until(() -> answers(url));
    }

    private static boolean answers(String url) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    < 500;
        } catch (IOException | InterruptedException notYet) {
            return false;
        }
    }

    /** SIGKILL on Linux: no shutdown hook, no graceful stop, no last write. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Asks the process to stop and kills it when it does not within 20 seconds. */
    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        // A JVM out of memory may not stop when asked, and would eat the next run's CPU.
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            kill(process);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
