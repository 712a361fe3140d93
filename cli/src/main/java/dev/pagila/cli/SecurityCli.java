package dev.pagila.cli;

import dev.pagila.client.ApiResponse;
import dev.pagila.client.ApiSession;
import dev.pagila.client.answer.Problem;
import dev.pagila.client.answer.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/** The operator's command line for sign-in security on the command side: signing keys and lockouts. */
@Command(name = "security", mixinStandardHelpOptions = true, description = "Rotates the token signing key and lifts lockouts.")
final class SecurityCli implements Callable<Integer> {

    @Mixin
    OperatorOptions operatorOptions;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private ApiSession operator;

    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return ExitCode.USAGE;
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "The published signing keys: next, current, previous.")
    int keys() {
        return guarded(() -> print(call("GET", "/api/signing-keys")));
    }

    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = "Publishes a next key, waits until resource servers may have fetched it, and signs with it;"
                    + " the previous key stays published until its last token has expired.")
    int rotateKey(@Option(names = "--no-wait", description = "only publish the next key; run again to activate it") boolean noWait) {
        return guarded(() -> {
            ApiResponse next = call("POST", "/api/signing-keys");
            String keyId = next.status() == 201 ? next.as(SigningKey.class).keyId() : waitingKey();
            if (keyId == null) {
                return print(next);
            }
            out.println((next.status() == 201 ? "published next key " : "next key already published: ") + keyId);
            if (noWait) {
                return 0;
            }
            while (true) {
                ApiResponse activated = call("POST", "/api/signing-keys/" + encode(keyId) + "/activation");
                if (activated.status() == 200) {
                    out.println("key " + keyId + " signs from now on");
                    return print(call("GET", "/api/signing-keys"));
                }
                Instant from = activationTime(activated);
                if (from == null) {
                    return print(activated);
                }
                out.println("waiting until " + from + " for resource servers to fetch it");
                out.flush();
                Thread.sleep(Math.max(100, Duration.between(Instant.now(), from).toMillis() + 100));
            }
        });
    }

    @Command(name = "unlock", mixinStandardHelpOptions = true, description = "Lifts an account's lockout after failed sign-ins.")
    int unlock(@Parameters(paramLabel = "<username>") String username) {
        return guarded(() -> print(call("DELETE", "/api/accounts/" + encode(username) + "/lock")));
    }

    /** The next key already published by an earlier {@code rotate-key --no-wait}, if any. */
    private String waitingKey() throws IOException, InterruptedException {
        ApiResponse published = call("GET", "/api/signing-keys");
        if (published.status() != 200) {
            return null;
        }
        for (SigningKey key : published.listOf(SigningKey.class)) {
            if ("next".equals(key.state())) {
                return key.keyId();
            }
        }
        return null;
    }

    /** When a refused activation says the key may be activated, or null for any other refusal. */
    private Instant activationTime(ApiResponse refused) {
        return refused.status() == 409 ? refused.as(Problem.class).activateFrom() : null;
    }

    @FunctionalInterface
    private interface Step {
        int run() throws IOException, InterruptedException;
    }

    private int guarded(Step step) {
        out = spec.commandLine().getOut();
        return operatorOptions.signedInAtCommandApi("security", out, signedIn -> {
            operator = signedIn;
            return step.run();
        });
    }


    private int print(ApiResponse response) {
        return OperatorOptions.print(out, response);
    }

    private ApiResponse call(String method, String path) throws IOException, InterruptedException {
        return operator.send(method, operatorOptions.commandUrl + path, null, Duration.ofSeconds(30));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
