package dev.pagila.infra.pagila;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The Pagila sample (schema and data of pagila-v3.1.0, MIT licence, see {@code pagila/LICENSE.txt}) as the
 * project ships it, and a loader that plays its pg_dump scripts into a PostgreSQL database without psql:
 * plain statements (dollar-quoted function bodies included) through JDBC, {@code COPY ... FROM stdin}
 * blocks through the driver's copy API.
 */
public final class PagilaSample {

    public static final String SCHEMA = "/pagila/pagila-schema.sql.gz";
    public static final String DATA = "/pagila/pagila-data.sql.gz";

    private static final Pattern DOLLAR_TAG = Pattern.compile("\\$[A-Za-z_]*\\$");

    private PagilaSample() {
    }

    /** Loads schema and data into the (empty) database behind {@code superuser}, which must be able to own objects as postgres. */
    public static void load(DataSource superuser) {
        try (Connection connection = superuser.getConnection()) {
            connection.setAutoCommit(false);
            play(connection, SCHEMA);
            play(connection, DATA);
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("loading the Pagila sample failed: " + e.getMessage(), e);
        }
    }

    private static void play(Connection connection, String resource) throws SQLException {
        try (BufferedReader script = open(resource); Statement statement = connection.createStatement()) {
            CopyManager copies = connection.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder pending = new StringBuilder();
            String openTag = null;
            for (String line = script.readLine(); line != null; line = script.readLine()) {
                if (openTag == null && pending.isEmpty() && (line.isBlank() || line.startsWith("--"))) {
                    continue;
                }
                if (openTag == null && pending.isEmpty() && line.startsWith("COPY ") && line.endsWith("FROM stdin;")) {
                    copies.copyIn(line.substring(0, line.length() - 1), new StringReader(copyData(script)));
                    continue;
                }
                pending.append(line).append('\n');
                Matcher tags = DOLLAR_TAG.matcher(line);
                while (tags.find()) {
                    if (openTag == null) {
                        openTag = tags.group();
                    } else if (openTag.equals(tags.group())) {
                        openTag = null;
                    }
                }
                if (openTag == null && line.stripTrailing().endsWith(";")) {
                    statement.execute(pending.toString());
                    pending.setLength(0);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String copyData(BufferedReader script) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (String row = script.readLine(); row != null && !row.equals("\\."); row = script.readLine()) {
            rows.append(row).append('\n');
        }
        return rows.toString();
    }

    private static BufferedReader open(String resource) throws IOException {
        InputStream compressed = PagilaSample.class.getResourceAsStream(resource);
        if (compressed == null) {
            throw new IllegalStateException(resource + " is missing from the classpath");
        }
        return new BufferedReader(new InputStreamReader(new GZIPInputStream(compressed), StandardCharsets.UTF_8));
    }
}
