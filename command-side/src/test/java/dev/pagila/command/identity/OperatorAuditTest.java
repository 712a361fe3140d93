package dev.pagila.command.identity;

import dev.pagila.command.support.TestDatabases;
import dev.pagila.infra.audit.AuditEntry;
import dev.pagila.infra.audit.AuditLog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The command side's operator actions in the audit log, on real PostgreSQL as the command side's own role: key
 * rotation, unlocks and resets of others' passwords are recorded with who, what and the outcome, refusals with their
 * reason, and never a password. The controllers are called as Spring calls them once the token has been checked.
 */
class OperatorAuditTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Jwt OPERATOR = Jwt.withTokenValue("token").header("alg", "RS256").subject("admin")
            .claim("roles", List.of("ADMIN")).build();

    private static JdbcTemplate jdbc;
    private static AuditLog audit;
    private static SigningKeyController signingKeys;
    private static PasswordController passwords;

    @BeforeAll
    static void commandSide() throws Exception {
        String url = TestDatabases.eventStore("operator_audit");
        SimpleDriverDataSource command = new SimpleDriverDataSource(new org.postgresql.Driver(), url, "pagila_command", "pagila_command");
        jdbc = new JdbcTemplate(command);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        audit = new AuditLog(jdbc, clock, new SimpleMeterRegistry());
        SecurityProperties properties = new SecurityProperties("http://localhost:8080", Duration.ofMinutes(15),
                new SecurityProperties.Lockout(5, Duration.ofMinutes(15)), new SecurityProperties.ClientLimit(20, Duration.ofMinutes(5)),
                new SecurityProperties.Operator("admin", null), new SecurityProperties.Keys(Duration.ofSeconds(10), Duration.ofMinutes(6)));
        SigningKeys keys = SigningKeys.loadOrCreate(jdbc, new TransactionTemplate(new DataSourceTransactionManager(command)),
                clock, properties);
        signingKeys = new SigningKeyController(keys, audit);
        Accounts accounts = new Accounts(jdbc, clock);
        accounts.hired(990101, "audit-clerk", 1, true);
        // a change of one's own password needs the sign-in path; no reset by others does
        passwords = new PasswordController(accounts, null, new BCryptPasswordEncoder(4), audit);
    }

    @Test
    void publishingAndActivatingASigningKeyIsRecordedDoneOrRefusedWithTheReason() {
        ResponseEntity<?> published = signingKeys.addNext(OPERATOR);
        assertThat(published.getStatusCode().value()).isEqualTo(201);
        String keyId = ((SigningKeyController.KeyView) published.getBody()).keyId();
        assertThat(signingKeys.addNext(OPERATOR).getStatusCode().value()).isEqualTo(409);
        assertThat(signingKeys.activate(keyId, OPERATOR).getStatusCode().value()).as("published too recently").isEqualTo(409);

        List<AuditEntry> entries = audit.recent(3);

        assertThat(entries).extracting(AuditEntry::at, AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::outcome)
                .containsExactly(
                        tuple(NOW, "admin", SigningKeyController.ACTIVATE, keyId, AuditLog.REFUSED),
                        tuple(NOW, "admin", SigningKeyController.PUBLISH, null, AuditLog.REFUSED),
                        tuple(NOW, "admin", SigningKeyController.PUBLISH, null, AuditLog.DONE));
        assertThat(entries.get(0).detail()).contains("activate it from");
        assertThat(entries.get(1).detail()).isEqualTo("a next key is already published; activate it first");
        assertThat(entries.get(2).detail()).isEqualTo("key " + keyId + " published as next");
    }

    @Test
    void unlocksAndResetsOfOthersPasswordsAreRecordedWithoutThePassword() {
        assertThat(passwords.unlock("audit-clerk", OPERATOR).getStatusCode().value()).isEqualTo(204);
        assertThat(passwords.unlock("nobody-at-all", OPERATOR).getStatusCode().value()).isEqualTo(404);
        Jwt otherClerk = Jwt.withTokenValue("token").header("alg", "RS256").subject("other-clerk")
                .claim("roles", List.of("STAFF")).claim("staff_id", 990102).claim("store_id", 1).build();
        assertThatThrownBy(() -> passwords.setPassword(990101, new PasswordController.NewPassword("a-clerks-new-secret", null),
                otherClerk)).isInstanceOf(AccessDeniedException.class);
        assertThat(passwords.setPassword(990101, new PasswordController.NewPassword("the-operators-choice", null), OPERATOR)
                .getStatusCode().value()).isEqualTo(204);

        List<AuditEntry> entries = audit.recent(4);

        assertThat(entries).extracting(AuditEntry::actor, AuditEntry::action, AuditEntry::target, AuditEntry::outcome)
                .containsExactly(
                        tuple("admin", PasswordController.PASSWORD_RESET, "staff/990101", AuditLog.DONE),
                        tuple("other-clerk", PasswordController.PASSWORD_RESET, "staff/990101", AuditLog.REFUSED),
                        tuple("admin", PasswordController.UNLOCK, "nobody-at-all", AuditLog.REFUSED),
                        tuple("admin", PasswordController.UNLOCK, "audit-clerk", AuditLog.DONE));
        assertThat(entries.get(2).detail()).isEqualTo("no account is named nobody-at-all");
        assertThat(entries).extracting(AuditEntry::detail).allSatisfy(detail ->
                assertThat(detail).doesNotContain("the-operators-choice", "a-clerks-new-secret", "$2a$"));
    }

    /** The action has happened by the time it is recorded: an entry that cannot be written is logged and counted. */
    @Test
    void anEntryThatCannotBeWrittenIsCountedAndDoesNotFailTheAction() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AuditLog nowhere = new AuditLog(new JdbcTemplate(TestDatabases.legacy()), Clock.systemUTC(), meters); // no ops schema

        String result = nowhere.recording("admin", "probe", null, () -> "done anyway", done -> done);

        assertThat(result).isEqualTo("done anyway");
        assertThat(meters.counter("pagila.audit.failures").count()).isEqualTo(1);
    }
}
