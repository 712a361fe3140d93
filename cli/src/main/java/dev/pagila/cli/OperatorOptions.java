package dev.pagila.cli;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.stack.OperatorPassword;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.file.Path;

/**
 * What every operator command shares: where to sign in, as whom, and where the local run keeps the operations
 * account's password; and one way of failing when that or the API it talks to is not there.
 */
final class OperatorOptions {

    @Option(names = "--command-url", scope = ScopeType.INHERIT, paramLabel = "<url>", defaultValue = "http://localhost:8080",
            description = "the command API, where the operator signs in (default ${DEFAULT-VALUE})")
    String commandUrl;

    @Option(names = "--user", scope = ScopeType.INHERIT, paramLabel = "<username>", defaultValue = OperatorPassword.USERNAME,
            description = "an account with role ADMIN (default ${DEFAULT-VALUE}); its password from "
                    + OperatorPassword.ENVIRONMENT + ", else <data-dir>/operator-password")
    String user;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, paramLabel = "<dir>", defaultValue = ".local-data",
            description = "the local run's data directory (default ${DEFAULT-VALUE})")
    Path dataDirectory;

    /** An API's answer as an operator reads it: its body, or its status when it has none. */
    static String answerOf(ApiResponse response) {
        return response.body().isEmpty() ? "HTTP " + response.status() : response.body();
    }

    /** 0 when the API did what was asked, 1 when it answered with a refusal or an error. */
    static int exitCodeOf(ApiResponse response) {
        return response.status() < 300 ? 0 : 1;
    }

    /** Prints the API's answer to {@code out}; answers the exit code it calls for. */
    static int print(PrintWriter out, ApiResponse response) {
        out.println(answerOf(response));
        return exitCodeOf(response);
    }

    @FunctionalInterface
    interface SignedInStep {
        int run(ApiSession operator) throws IOException, InterruptedException;
    }

    /**
     * Runs {@code step} signed in; a missing password, an API that does not answer at {@code answering} or refuses is
     * one line on stderr and exit code 2.
     */
    /** {@link #signedIn} for a tool of the command API, whose output to {@code out} is flushed however it ends. */
    int signedInAtCommandApi(String tool, PrintWriter out, SignedInStep step) {
        try {
            return signedIn(tool, commandUrl, step);
        } finally {
            out.flush();
        }
    }

    int signedIn(String tool, String answering, SignedInStep step) {
        String password = OperatorPassword.find(dataDirectory);
        if (password == null) {
            System.err.println(tool + ": no operator password: set " + OperatorPassword.ENVIRONMENT + " or run from the directory"
                    + " the local run keeps its data in (--data-dir)");
            return ExitCode.USAGE;
        }
        try {
            return step.run(new ApiSession(commandUrl, user, password));
        } catch (ConnectException e) {
            System.err.println(tool + ": nothing answers at " + answering);
            return ExitCode.USAGE;
        } catch (IOException | RuntimeException e) {
            System.err.println(tool + ": " + e.getMessage());
            return ExitCode.USAGE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }
}
