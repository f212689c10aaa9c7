package dev.rung.bench;

import dev.rung.support.SeparateJvm;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The open-source Portkey AI gateway, the peer Rung is measured beside: installed from npm into
 * {@code target/portkey} (once) and run headless with Node on a free port, proxying to the same
 * simulator as a custom OpenAI host.
 */
final class PortkeyGateway implements AutoCloseable {

    static final String PACKAGE = "@portkey-ai/gateway";
    static final String VERSION = "1.15.2";

    private static final Path HOME = Path.of("target", "portkey");

    final int port;
    final Process process;

    private PortkeyGateway(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static PortkeyGateway start() throws Exception {
        Path server =
                HOME.resolve("node_modules/" + PACKAGE + "/build/start-server.js").toAbsolutePath();
        if (!Files.exists(server)) {
            install();
        }
        int port = SeparateJvm.freePort();
        Process process =
                new ProcessBuilder("node", server.toString(), "--port=" + port, "--headless")
                        .redirectErrorStream(true)
                        .redirectOutput(HOME.resolve("portkey.log").toFile())
                        .start();
        SeparateJvm.awaitUp("http://127.0.0.1:" + port + "/", process);
        return new PortkeyGateway(port, process);
    }

    /** {@code npm install} of the pinned version; fails loudly when npm is missing. */
    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        Process npm =
                new ProcessBuilder(
                                List.of(
                                        "npm",
                                        "install",
                                        "--no-audit",
                                        "--no-fund",
                                        "--prefix",
                                        HOME.toAbsolutePath().toString(),
                                        PACKAGE + "@" + VERSION))
                        .redirectErrorStream(true)
                        .redirectOutput(new File(HOME.toFile(), "npm-install.log"))
                        .start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            throw new IllegalStateException(
                    "npm install "
                            + PACKAGE
                            + "@"
                            + VERSION
                            + " failed: see "
                            + HOME.resolve("npm-install.log"));
        }
    }

    @Override
    public void close() throws Exception {
        SeparateJvm.stop(process);
    }
}
