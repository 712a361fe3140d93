package dev.pagila.parity;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The monolith's database password, for every tool that connects to it: from {@value #ENVIRONMENT} or from a file,
 * because a value on the command line shows in the process list to every user of the machine. Such a value is still
 * accepted, with a warning: refusing it would break the scripts that pass it today, and the warning names the way out.
 */
public final class LegacyPasswordOptions {

    public static final String ENVIRONMENT = "PAGILA_LEGACY_PASSWORD";

    @Option(names = "--legacy-password-file", scope = ScopeType.INHERIT, paramLabel = "<path>",
            description = "a file holding the password of --legacy-user (its first line); else " + ENVIRONMENT
                    + ", else none")
    Path file;

    @Option(names = "--legacy-password", scope = ScopeType.INHERIT, paramLabel = "<password>",
            description = "that password on the command line instead, where the process list shows it to everyone"
                    + " (a warning says so)")
    String value;

    /** The password as the options and the environment give it; a usage error of {@code command} when they cannot. */
    public String password(CommandLine command) {
        return password(command, System.getenv());
    }

    /**
     * The password from the file, else the command line's value, else {@code environment}'s {@value #ENVIRONMENT},
     * else empty. Both a file and a value, or a file that cannot be read, is a usage error of {@code command}: one
     * line and exit code 2, before anything is done.
     */
    public String password(CommandLine command, Map<String, String> environment) {
        if (file != null && value != null) {
            throw new ParameterException(command, "give either --legacy-password-file or --legacy-password, not both");
        }
        if (file != null) {
            return firstLine(command, file);
        }
        if (value != null) {
            command.getErr().println(tool(command) + ": warning: --legacy-password shows in the process list;"
                    + " use " + ENVIRONMENT + " or --legacy-password-file=<path>");
            return value;
        }
        String configured = environment.get(ENVIRONMENT);
        return configured == null ? "" : configured;
    }

    private static String firstLine(CommandLine command, Path file) {
        try {
            String content = Files.readString(file);
            int end = content.indexOf('\n');
            String line = end < 0 ? content : content.substring(0, end);
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        } catch (IOException e) {
            throw new ParameterException(command, "--legacy-password-file: cannot read " + file + " (" + reason(e) + ")");
        }
    }

    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String tool(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ").replaceFirst("^pagila ", "");
    }
}
